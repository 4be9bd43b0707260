import {writeTrainingData} from '../../src-main/curriculum/writeTrainingData.js';
import {PyodideExecutorPool} from '../../src-main/sandbox/PyodideExecutorPool.js';

export type TrainingData = Awaited<ReturnType<typeof writeTrainingData>>;

/** The trainer suites' data: two instances of each L1 training template and half of L2's, one held out, verified in the sandbox. */
export async function smallTrainingData(folder: string): Promise<TrainingData> {
	const executor = new PyodideExecutorPool({size: 2, cacheEntries: 0});
	try {
		return await writeTrainingData(folder, executor, {train: 2, heldOut: 1, levelShare: {2: 0.5, 3: 0}});
	} finally {
		await executor.close();
	}
}
