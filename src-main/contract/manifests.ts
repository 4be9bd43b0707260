import {z} from 'zod';
import {DatasetName} from './datasets.js';

/** `resources/datasets/manifest.json`: the datasets every new workspace starts with. */
export const BuiltinDatasetManifest = z.object({
	note: z.string(),
	datasets: z.array(z.object({
		name: DatasetName,
		/** File name inside `resources/datasets/`. */
		file: z.string().regex(/^[\w.-]+$/),
		source: z.string()
	}))
});
export type BuiltinDatasetManifest = z.infer<typeof BuiltinDatasetManifest>;
