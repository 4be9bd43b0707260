import {z} from 'zod';
import {ExecLimits} from './sandbox.js';
import {overridesOf} from './overridesOf.js';
import {SearchSettings} from './search.js';

/** The workbench's settings, stored in the workspace: who labels, how code runs, what a new search starts from. */
export const WorkbenchSettings = z.object({
	/** Named on hand-made pairs and labels (provenance). */
	userName: z.string().trim().max(200).default(''),
	sandbox: z.object({
		/** Sandbox processes running the searches' code. */
		workers: z.number().int().min(1).max(32).default(2),
		memoryMb: ExecLimits.shape.memoryMb,
		maxOutputBytes: ExecLimits.shape.maxOutputBytes
	}).prefault({}),
	/** What the Search page's form and new searches start from: a preset and overrides. */
	searchDefaults: overridesOf(SearchSettings).default({}),
	/** Where models and round data are written; null: beside the workspace. */
	modelsDir: z.string().min(1).nullable().default(null),
	dataDir: z.string().min(1).nullable().default(null)
});
export type WorkbenchSettings = z.output<typeof WorkbenchSettings>;
