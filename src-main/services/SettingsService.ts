import {SandboxSettings, WorkbenchSettings, type SettingsUpdate} from '../contract/settings.js';
import {SettingsStore} from '../store/SettingsStore.js';
import type {Workspace} from '../store/Workspace.js';
import type {EventBus} from './EventBus.js';

/** Told of every change, with the settings before it: what applies them live (the sandbox pool) listens here. */
export type SettingsListener = (settings: WorkbenchSettings, previous: WorkbenchSettings) => void;

/**
 * The workbench's settings, stored in the workspace. Only what the user set is stored, so a setting never set follows
 * the build's default. A change is pushed as `settings.changed` and handed to the listeners, which apply it from the
 * next run or search on. A change another process made (`rstar settings set` beside a running app) is picked up the
 * next time the settings are read here.
 *
 * The workspace's location is not among them: the settings live in the workspace, so which workspace to open is a
 * user-level choice (startupWorkspace.ts), taken at the next start. Swapping the workspace under a running app would
 * have to stop its searches and rounds, close its sandbox pool and models, and rebind both transports to a new App;
 * a restart does all of that, cleanly.
 */
export class SettingsService {
	private readonly store: SettingsStore;
	private readonly listeners = new Set<SettingsListener>();
	/** The stored rows as last read, to see a change made by another process. */
	private storedJson = '';
	/** Stored values already reported as ignored (`key=value`), so each is reported once. */
	private readonly reported = new Set<string>();
	private current: WorkbenchSettings = WorkbenchSettings.parse({});

	public constructor(workspace: Workspace, private readonly events?: EventBus) {
		this.store = new SettingsStore(workspace.db);
		this.refresh();
	}

	/** The settings in effect, every one filled in. */
	public get(): WorkbenchSettings {
		this.refresh();
		return this.current;
	}

	/** Stores the settings given (checked by the caller's boundary), over the stored ones (see SettingsUpdate); returns them all. */
	public set(update: SettingsUpdate): WorkbenchSettings {
		this.refresh();
		const stored = this.validStored();
		const changes: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(update)) {
			if (value !== undefined)
				changes[key] = key === 'sandbox' ? {...stored.sandbox as object, ...value as object} : value;
		}
		this.store.write(changes);
		this.refresh();
		return this.current;
	}

	/** Returns the function that stops listening. */
	public onChange(listener: SettingsListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Reads the stored settings; if they changed (here or in another process), applies and announces them. */
	private refresh(): void {
		const stored = this.store.read();
		const json = JSON.stringify(stored);
		if (json === this.storedJson)
			return;
		const first = this.storedJson === '';
		this.storedJson = json;
		const previous = this.current;
		this.current = WorkbenchSettings.parse(this.validStored(stored, true));
		if (first)
			return;
		for (const listener of this.listeners)
			listener(this.current, previous);
		this.events?.emit('settings.changed', {settings: this.current});
	}

	/**
	 * The stored settings that still pass their schema. One that does not (a build with narrower limits, an edit by
	 * hand) is left out, its default standing in, and reported once (`warn`) rather than keeping the workspace closed.
	 */
	private validStored(stored = this.store.read(), report = false): Record<string, unknown> {
		const valid: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(stored)) {
			const schema = key === 'sandbox' ? SandboxSettings.partial() : WorkbenchSettings.shape[key as keyof WorkbenchSettings];
			const parsed = schema?.safeParse(value);
			const seen = `${key}=${JSON.stringify(value)}`;
			if (parsed?.success)
				valid[key] = value;
			else if (report && !this.reported.has(seen)) {
				this.reported.add(seen);
				this.events?.log('warn', `the workspace's setting "${key}" is ${schema ? `not valid (${parsed!.error.issues[0]?.message}): its default is used` : 'unknown to this build: it is ignored'}`);
			}
		}
		return valid;
	}
}
