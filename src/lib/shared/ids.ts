import { v7 } from 'uuid';

/** Time-ordered ids (UUIDv7): made by whoever creates the thing, client or server. */
export const newId = (): string => v7();
