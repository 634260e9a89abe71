/**
 * The sign-in form is a plain POST and needs no script. Without client-side rendering there is
 * no hydration either, which could otherwise reset an email typed (or filled in by a password
 * manager) before the page's script had run, leaving a required field empty.
 */
export const csr = false;
