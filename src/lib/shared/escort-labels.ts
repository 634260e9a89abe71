/**
 * Words about escorts that the marshal's page shows before zod has loaded: this module must
 * stay free of zod (escort.ts re-exports it for everyone else).
 */

/** What the control room and marshals read where a deleted position was. */
export const POSITIONS_DELETED = 'Position deleted after the retention period';
