import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CENSOR, REDACTED_FIELDS, createLogger } from './logger';

function capture(level: Parameters<typeof createLogger>[0] = 'trace') {
	const lines: Record<string, unknown>[] = [];
	const stream = new Writable({
		write(chunk, _encoding, done) {
			for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
			done();
		}
	});
	return { log: createLogger(level, stream), lines };
}

const SENSITIVE = {
	description: 'man in red jacket following me near the fountain',
	note: 'called her mum on 021 555 0199',
	text: 'stay away from Cuba St',
	contact: '021 555 0199',
	phone: '+64 21 555 0199',
	email: 'sam@example.org',
	password: 'pride-night-demo',
	position: [174.7762, -41.2865],
	location: { lat: -41.2865, lng: 174.7762 },
	coordinates: [[174.7762, -41.2865]],
	lat: -41.2865,
	lng: 174.7762,
	token: 'eyJhbGciOi...',
	ticket: 'tkt_123',
	cookie: 'haven_session=abc',
	authorization: 'Bearer abc',
	data: { description: 'x' },
	pickup: [174.7763917, -41.2934261],
	destination: 'Home to Holloway Road',
	destinationPosition: [174.7704183, -41.2971529],
	brief: { requestedAt: '2030-01-01T10:00:00.000Z' },
	codeWord: 'fig wren',
	sealed: 'v1.abc.def.ghi'
};

describe('logger', () => {
	it('censors sensitive fields at the top level and keeps ordinary ones', () => {
		const { log, lines } = capture();
		log.info(
			{ eventId: 'wellington-pride', seq: 42, type: 'incident:reported', ...SENSITIVE },
			'hi'
		);
		const [line] = lines;
		expect(line).toMatchObject({ eventId: 'wellington-pride', seq: 42, type: 'incident:reported' });
		expect(line.msg).toBe('hi');
		for (const field of Object.keys(SENSITIVE)) expect(line[field], field).toBe(CENSOR);
	});

	it('censors them nested, inside arrays and in request headers', () => {
		const { log, lines } = capture();
		log.warn({
			command: { commandId: 'c-1', payload: { severity: 'high', ...SENSITIVE } },
			event: { seq: 7, incident: { incidentId: 'i-1', description: 'secret words', lat: 1 } },
			marshals: [{ marshalId: 'm-1', phone: '021', position: [1, 2] }],
			req: { method: 'POST', headers: { cookie: 'a=b', 'set-cookie': 'c=d', host: 'haven' } }
		});
		const text = JSON.stringify(lines[0]);
		for (const secret of ['secret words', '021', 'a=b', 'c=d', 'following me', '174.7762']) {
			expect(text).not.toContain(secret);
		}
		expect(lines[0]).toMatchObject({
			command: { commandId: 'c-1', payload: CENSOR },
			event: { seq: 7, incident: { incidentId: 'i-1', description: CENSOR, lat: CENSOR } },
			marshals: [{ marshalId: 'm-1', phone: CENSOR, position: CENSOR }],
			req: { method: 'POST', headers: { cookie: CENSOR, 'set-cookie': CENSOR, host: 'haven' } }
		});
	});

	it.each(REDACTED_FIELDS.map((f) => [f]))('censors %s three levels deep', (field) => {
		const { log, lines } = capture();
		log.info({ a: { b: { c: { [field]: 'private', keep: 'ok' } } } });
		expect(lines[0].a).toEqual({ b: { c: { [field]: CENSOR, keep: 'ok' } } });
	});

	it('leaves the logged object itself untouched', () => {
		const { log } = capture();
		const incident = { incidentId: 'i-1', description: 'words' };
		log.info({ incident });
		expect(incident.description).toBe('words');
	});

	it('respects the level', () => {
		const { log, lines } = capture('warn');
		log.info('quiet');
		log.error({ err: new Error('boom') }, 'loud');
		expect(lines.map((l) => l.msg)).toEqual(['loud']);
		expect(lines[0]).toMatchObject({ level: 50, err: { message: 'boom' } });
	});
});
