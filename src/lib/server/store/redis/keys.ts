/**
 * Every Redis key the store uses. Keys that one script touches together share a hash
 * tag ({eventId}, {organisers}, {sessions}) so the scripts stay valid on a Redis Cluster.
 * The prefix itself must not contain braces, or it would become the hash tag.
 */
export type Keys = ReturnType<typeof makeKeys>;

export function makeKeys(prefix: string) {
	return {
		journal: (eventId: string) => `${prefix}{${eventId}}:journal`,
		head: (eventId: string) => `${prefix}{${eventId}}:head`,
		commands: (eventId: string) => `${prefix}{${eventId}}:commands`,
		/** Escort data keys (decision 10): a field per escort, deleted after retention. */
		escortKeys: (eventId: string) => `${prefix}{${eventId}}:escort-keys`,
		/** Set of event ids with a journal; its own slot, so written beside the append script. */
		events: `${prefix}events`,
		organiser: (id: string) => `${prefix}{organisers}:id:${id}`,
		organiserEmail: (emailKey: string) => `${prefix}{organisers}:email:${emailKey}`,
		session: (id: string) => `${prefix}{sessions}:id:${id}`,
		sessionToken: (tokenHash: string) => `${prefix}{sessions}:token:${tokenHash}`,
		invite: (tokenHash: string) => `${prefix}invite:${tokenHash}`,
		photo: (eventId: string, id: string) => `${prefix}{${eventId}}:photo:${id}`,
		/** Photo id -> upload time of every photo whose bytes are stored, for retention. */
		photos: (eventId: string) => `${prefix}{${eventId}}:photos`
	};
}
