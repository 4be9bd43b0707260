import type {TerminalReason} from '../contract/search.js';

/** What a search reports as it works: enough to replay it step by step. `rollout` is the beam depth in beam search. */
export type SearchEvent =
	| {kind: 'select'; rollout: number; nodeId: number; siblings: {id: number; uct: number}[]}
	| {kind: 'expand'; rollout: number; nodeId: number; children: number[]; merged: number}
	| {kind: 'execute'; rollout: number; nodeId: number; ok: boolean; output: string | null; error: string | null; ms: number}
	| {kind: 'score'; rollout: number; nodeIds: number[]; scores: number[]}
	| {kind: 'terminal'; rollout: number; nodeId: number; reason: TerminalReason; reward: number; correct: boolean | null}
	| {kind: 'backup'; rollout: number; path: number[]; reward: number}
	/** Beam search: the open nodes of one depth ranked by PPM, and the ones kept. */
	| {kind: 'beam'; rollout: number; ranked: {id: number; ppm: number}[]; kept: number[]};

/** Where wall time went, for the bench. */
export interface SearchTimings {
	generationMs: number;
	executionMs: number;
	scoringMs: number;
	totalMs: number;
	generatedTokens: number;
}
