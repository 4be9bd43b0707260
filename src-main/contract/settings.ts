import {z} from 'zod';
import {ExecLimits} from './sandbox.js';
import {overridesOf} from './overridesOf.js';
import {SearchSettings} from './search.js';

/** How the searches' code runs: the App's sandbox pool and the limits of each run. */
export const SandboxSettings = z.object({
	/** Sandbox processes running the searches' code. Defaults to 2. */
	workers: z.number().int().min(1).max(32).default(2),
	/** Resident memory of a sandbox process during a run. Defaults to 1024 MiB. */
	memoryMb: ExecLimits.shape.memoryMb,
	/** Output kept per run and stream. Defaults to 64 KiB. */
	maxOutputBytes: ExecLimits.shape.maxOutputBytes
});
export type SandboxSettings = z.output<typeof SandboxSettings>;

const folder = z.string().trim().min(1).max(4096).refine(value => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(value), {message: 'give an absolute path'});

/**
 * The workbench's settings, stored in the workspace: who labels, how code runs, what a new search starts from, where
 * round outputs go. A run's time limit is a search setting (`execTimeoutMs`): its default for new searches is
 * `searchDefaults.execTimeoutMs`, shown with the sandbox.
 */
export const WorkbenchSettings = z.object({
	/** Named on hand-made pairs and labels (provenance). Defaults to `''` (ask each time). */
	userName: z.string().trim().max(200).default(''),
	sandbox: SandboxSettings.prefault({}),
	/** What the Search page's form and `search.start` start from: a preset and overrides of it. Defaults to none. */
	searchDefaults: overridesOf(SearchSettings).default({}),
	/** Where rounds write their trained models (`<modelsDir>/<evolution>/round-<n>/`); null: with the round's data. */
	modelsDir: folder.nullable().default(null),
	/** Where rounds write their data (`<dataDir>/<evolution>/round-<n>/`); null: beside the workspace, `<workspace>-rounds/`. */
	dataDir: folder.nullable().default(null)
});
export type WorkbenchSettings = z.output<typeof WorkbenchSettings>;

/**
 * `settings.set`: the settings given, no default filled in. `sandbox` merges field by field over the stored one;
 * `searchDefaults`, itself a set of overrides over its preset, replaces the stored set whole; null folders go back to
 * the default place.
 */
export const SettingsUpdate = z.object({
	userName: WorkbenchSettings.shape.userName.unwrap().optional(),
	sandbox: overridesOf(SandboxSettings).optional(),
	searchDefaults: overridesOf(SearchSettings).optional(),
	modelsDir: folder.nullable().optional(),
	dataDir: folder.nullable().optional()
});
export type SettingsUpdate = z.output<typeof SettingsUpdate>;

/**
 * The user-level settings file (`<user data>/workbench.json`), read at start, before any workspace is open: which
 * workspace the app and the CLI open when no `--db` is given.
 */
export const StartupSettings = z.object({
	workspacePath: z.string().min(1).max(4096).optional()
});
export type StartupSettings = z.output<typeof StartupSettings>;
