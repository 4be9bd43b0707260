import type {ExecLimitsInput, ExecResult} from '../contract/sandbox.js';

/**
 * Runs Python programs: the port the search engine executes code steps through. `run` never rejects for anything the
 * program does; every failure of the program or of its sandbox is an ExecResult with ok = false.
 */
export interface Executor {
	run(code: string, limits?: ExecLimitsInput): Promise<ExecResult>;
	close(): Promise<void>;
}
