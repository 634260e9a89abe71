/**
 * What the control room does while alarms are active: beep every few seconds (unless
 * muted), and show a browser notification for each new alarm once the organiser allowed
 * notifications. Call `useAlarmController` while a component initialises (it uses $effect).
 *
 * Which alarms are active is decided elsewhere (alarms.ts, pure); this only reacts to them.
 */
import { untrack } from 'svelte';
import { AlarmSound, type SoundState } from './alarm-sound';
import { newAlarms } from './alarms';

/** Anything that can ring: incidents' alarms and escorts' alike; the key names one alarm. */
type Ringing = { key: string };

export type NotifyPermission = NotificationPermission | 'unsupported';

export type AlarmControllerOptions<A extends Ringing> = {
	alarms: () => A[];
	describe: (alarm: A) => { title: string; detail: string };
	/** A click on a notification: the page opens the incident. */
	onNotificationClick?: (alarm: A) => void;
	/** Time between beeps while any alarm is active. */
	intervalMs?: number;
	sound?: AlarmSound;
};

export type AlarmController = {
	readonly muted: boolean;
	readonly sound: SoundState;
	readonly permission: NotifyPermission;
	toggleMute(): void;
	/** Call from a click: browsers allow sound only after a user gesture. */
	enableSound(): Promise<void>;
	requestPermission(): Promise<void>;
};

const MUTE_KEY = 'haven:alarm-muted';
export const BEEP_INTERVAL_MS = 4000;

function storedMute(): boolean {
	try {
		return localStorage.getItem(MUTE_KEY) === '1';
	} catch {
		return false;
	}
}

export function useAlarmController<A extends Ringing>(
	opts: AlarmControllerOptions<A>
): AlarmController {
	const sound = opts.sound ?? new AlarmSound();
	const intervalMs = opts.intervalMs ?? BEEP_INTERVAL_MS;
	let muted = $state(false);
	let soundState = $state<SoundState>('blocked');
	let permission = $state<NotifyPermission>('unsupported');
	/** Alarm keys already notified in this tab (plain: read by an effect, never rendered). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	const notified = new Set<string>();

	async function enableSound() {
		soundState = await sound.unlock();
	}

	// Once, in the browser: read the stored choice and wait for a gesture to allow sound.
	$effect(() => untrack(mount));

	function mount() {
		muted = storedMute();
		soundState = sound.state;
		permission = typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
		if (soundState === 'unsupported') return () => sound.close();
		// Any click or key press on the page counts as the gesture that allows sound. Nothing
		// is played or opened before then, or before an alarm: the page loads in silence.
		const onGesture = () => {
			if (sound.needsGesture) void enableSound();
		};
		const capture = { capture: true };
		window.addEventListener('pointerdown', onGesture, capture);
		window.addEventListener('keydown', onGesture, capture);
		return () => {
			window.removeEventListener('pointerdown', onGesture, capture);
			window.removeEventListener('keydown', onGesture, capture);
			sound.close();
		};
	}

	const ringing = $derived(opts.alarms().length > 0);
	$effect(() => {
		if (!ringing || muted || soundState !== 'ready') return;
		// A refused play (the browser wants a gesture after all) shows the "enable" button.
		const ring = () =>
			void sound.beep().then((played) => {
				if (!played) soundState = sound.state;
			});
		// The first beep in a task of its own: making the tone's WAV takes a few milliseconds,
		// and the alarms' first draw is already one of the page's longest tasks.
		const first = setTimeout(ring, 0);
		const timer = setInterval(ring, intervalMs);
		return () => {
			clearTimeout(first);
			clearInterval(timer);
		};
	});

	$effect(() => {
		const alarms = opts.alarms();
		const fresh = newAlarms(notified, alarms);
		// Forget alarms that ended, so the set stays small all night.
		const active = alarms.map((a) => a.key);
		for (const key of notified) if (!active.includes(key)) notified.delete(key);
		for (const a of fresh) notified.add(a.key);
		if (permission !== 'granted') return;
		for (const alarm of fresh) notify(alarm);
	});

	function notify(alarm: A) {
		const { title, detail } = opts.describe(alarm);
		try {
			const n = new Notification(`Haven alarm: ${title}`, { body: detail, tag: alarm.key });
			n.onclick = () => {
				window.focus();
				opts.onNotificationClick?.(alarm);
				n.close();
			};
		} catch {
			// Some browsers allow notifications only from a service worker: the banner remains.
		}
	}

	return {
		get muted() {
			return muted;
		},
		get sound() {
			return soundState;
		},
		get permission() {
			return permission;
		},
		toggleMute() {
			muted = !muted;
			try {
				localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
			} catch {
				// Private mode: the choice lasts for this page only.
			}
		},
		enableSound,
		async requestPermission() {
			if (typeof Notification === 'undefined') return;
			permission = await Notification.requestPermission();
		}
	};
}
