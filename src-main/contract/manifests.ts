import {z} from 'zod';
import {DatasetName} from './datasets.js';

/** `resources/datasets/manifest.json`: the datasets every new workspace starts with. */
export const BuiltinDatasetManifest = z.object({
	note: z.string(),
	datasets: z.array(z.object({
		name: DatasetName,
		/** File name inside `resources/datasets/`. */
		file: z.string().regex(/^[\w.-]+$/),
		source: z.string(),
		/** A file inside `resources/datasets/` of levels and subjects for the rows, applied where a problem has none (also to workspaces made before it shipped). */
		labels: z.string().regex(/^[\w.-]+$/).optional()
	}))
});
export type BuiltinDatasetManifest = z.infer<typeof BuiltinDatasetManifest>;

/** A built-in dataset's labels file: the level and subject of each row, by the row's index. */
export const BuiltinDatasetLabels = z.array(z.object({
	index: z.string(),
	level: z.string(),
	subject: z.string(),
	/** The problem's file in the MATH test split, where the label comes from. */
	uniqueId: z.string()
}));
export type BuiltinDatasetLabels = z.infer<typeof BuiltinDatasetLabels>;
