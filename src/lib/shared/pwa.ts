/**
 * Names the marshal app's service worker, its page and the server agree on.
 * The shell is /marshal rendered without incidents, jobs or messages: what the phone
 * keeps so it can open with no signal (see src/service-worker.ts).
 */
export const SHELL_URL = '/marshal';
/** Request header the worker sends for the shell, and the response header that confirms it. */
export const SHELL_HEADER = 'x-haven-shell';
export const SHELL_CACHE = 'haven-marshal-shell';
