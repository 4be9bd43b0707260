import {LazyExecutorPool} from '../sandbox/LazyExecutorPool.js';
import {MathVerifyGrader} from './MathVerifyGrader.js';

/**
 * The answer grader the app and the CLI use: Math-Verify in a sandbox pool of its own, whose interpreters preload it
 * (the pools that run model-written code do not pay for that). Started by the first answer the fast path cannot decide.
 */
export function sandboxGrader(options: {size?: number} = {}): {grader: MathVerifyGrader; close(): Promise<void>} {
	const pool = new LazyExecutorPool({size: options.size ?? 1, grader: true});
	return {grader: new MathVerifyGrader(pool), close: () => pool.close()};
}
