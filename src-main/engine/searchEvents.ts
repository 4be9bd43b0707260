export type {SearchEvent} from '../contract/search.js';

/** Where wall time went, for the bench. */
export interface SearchTimings {
	generationMs: number;
	executionMs: number;
	scoringMs: number;
	totalMs: number;
	generatedTokens: number;
}
