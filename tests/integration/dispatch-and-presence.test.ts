/**
 * Marshal positions, dispatch suggestions and offer timeouts through real sockets: the
 * realtime layer in this process on the embedded store, then two real server processes
 * on one real Redis. Positions reach control rooms only, only from marshals on shift,
 * and go when the shift does; suggestions rank by status, then distance; an unanswered
 * offer times out exactly once and escalates its incident.
 */
import { dispatchSuite } from './dispatch-and-presence.dispatch';
import { processesSuite } from './dispatch-and-presence.processes';
import { relaySuite } from './dispatch-and-presence.relay';

relaySuite();
dispatchSuite();
processesSuite();
