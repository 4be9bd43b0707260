import {SearchSettings, type SearchEvent, type StoredNode} from '../../src-main/contract/search.js';
import {MctsSearch} from '../../src-main/engine/MctsSearch.js';
import {toStoredNode} from '../../src-main/services/SearchService.js';
import {SearchStore} from '../../src-main/store/SearchStore.js';
import {Workspace} from '../../src-main/store/Workspace.js';
import {CheckerGrader} from './checkerGrader.js';
import {ScriptedExecutor, ScriptedPolicy} from './scriptedPolicy.js';

/** A stored search of a given size, for the tree viewer's e2e tests and benches. */
export interface ScriptedSearch {
	searchId: number;
	nodes: StoredNode[];
	events: SearchEvent[];
	completedRollouts: number;
}

/**
 * Seven distinct step options at every depth (text unique per depth, so siblings never merge), and from depth 2 on a
 * correct answer (7), a wrong one and a failing step too: the tree keeps widening while the correct answers give it
 * a best trajectory.
 */
function script(steps: readonly string[]): string[] {
	const depth = steps.length;
	const options = Array.from({length: 13}, (_, i) => `# step ${depth}, option ${i}\nx${depth} = ${depth * 100 + i}\n<end_of_step>`);
	return depth < 4 ? options : [...options, 'raise ValueError("scripted")\n<end_of_step>', '<answer>\\boxed{7}<end_of_answer>', '<answer>\\boxed{9}<end_of_answer>'];
}

/**
 * Runs the real engine on a scripted policy and executor until the tree has at least `size` nodes (or the rollouts
 * run out), committing rollout by rollout to the workspace at `dbFile` as `rstar solve` does; the gold answer is 7.
 */
export async function storeScriptedSearch(dbFile: string, question: string, size: number): Promise<ScriptedSearch> {
	const workspace = Workspace.open(dbFile);
	try {
		const store = new SearchStore(workspace.db);
		const settings = SearchSettings.parse({rollouts: 5000, candidates: 8, maxDepth: 10, seed: 1});
		const searchId = store.create({problemId: null, question, goldAnswers: ['7'], settings, policyPath: 'scripted', policySha256: '0'.repeat(64), ppmPath: null, ppmSha256: null});
		const enough = new AbortController();
		const search = new MctsSearch({
			question, goldAnswers: ['7'], settings, policy: new ScriptedPolicy(script), executor: new ScriptedExecutor(), grader: new CheckerGrader(),
			onRolloutDone: (rollout, changed, events) => {
				store.commitRollout(searchId, rollout + 1, changed, events);
				if (search.tree.nodes.length >= size)
					enough.abort();
			}
		});
		await search.run(enough.signal).catch(() => undefined);
		store.finish(searchId, {status: 'done'});
		const events = store.events(searchId);
		return {searchId, nodes: store.nodes(searchId).map(toStoredNode), events, completedRollouts: (events.at(-1)?.rollout ?? -1) + 1};
	} finally {
		workspace.close();
	}
}
