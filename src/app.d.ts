// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Session } from '$lib/server/store/types';

declare global {
	namespace App {
		interface Locals {
			/** The signed-in session for this request, if any (organiser, marshal or attendee). */
			session: Session | null;
		}
		// interface Error {}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
