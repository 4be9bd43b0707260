import type {SearchSummary, StoredNode} from './search.js';

/**
 * The reference implementation's failure strings (its `constants.py`): its extraction scripts recognise failed
 * terminals by these exact texts, spelling included.
 */
export const referenceFailures = {
	codeErrors: 'Too many consecutive steps have code errors.',
	depth: 'Fail to sove the problem within limited steps.',
	noValidChild: 'Fail to generate parsable text for next step.'
} as const;

/** A node's state in the reference's tree dict (`return_states`): its `state` keys, and its statistics. */
export interface ReferenceState {
	text: string;
	extra_info: string;
	action: string;
	action_input: string;
	final_answer: string;
	observation?: string;
	value: number;
	/** MCTS only, as the reference's `MCTS.return_states` adds them. */
	q_value?: number;
	visit_count?: number;
}

/** One answer of a beam search, as the reference's `BS.get_steps` lists them. */
interface ReferenceSolution {
	question: string;
	ground_truth: string | string[] | null;
	value: number;
	final_answer: string;
	solution: string;
	tag: string;
}

/** What the export reads of a node's statistics: the stored ones, or a replay's at some point of the search. */
export interface NodeStats {
	exists: boolean;
	visits: number;
	valueSum: number;
	value: number;
}

/**
 * One search as one record of the reference's output (`main.py` writes one JSON line per problem): the question,
 * the ground truth as `answer`, and under `rstar` the tree keyed by tag — `0` for the root, then the parent's tag and
 * `.i` for its i-th child counting from 1, in creation order — with the reference's state fields in its semantics:
 * step `text` with output blocks, the root's `extra_info`, `final_answer` with its failure strings, `value` (the first
 * update), `q_value` and `visit_count`. A beam search's record also lists its answers under `rstar.solutions`.
 */
export function rstarRecord(search: Pick<SearchSummary, 'question' | 'goldAnswers' | 'problemId' | 'settings'>, nodes: readonly StoredNode[],
	stats: (node: StoredNode) => NodeStats = node => ({exists: true, visits: node.visits, valueSum: node.valueSum, value: node.value})): Record<string, unknown> {
	const mcts = search.settings.mode === 'mcts';
	const groundTruth = search.goldAnswers.length === 0 ? null : search.goldAnswers.length === 1 ? search.goldAnswers[0]! : [...search.goldAnswers];
	const tags = new Map<number, string>();
	const childCount = new Map<number, number>();
	const states: Record<string, unknown> = {};
	for (const node of nodes) {
		const stat = stats(node);
		if (!stat.exists)
			continue;
		let tag = '0';
		if (node.parentId !== null) {
			const index = (childCount.get(node.parentId) ?? 0) + 1;
			childCount.set(node.parentId, index);
			tag = `${tags.get(node.parentId)!}.${index}`;
		}
		tags.set(node.id, tag);
		const state: ReferenceState = {...stepState(node, search.question), value: stat.value};
		if (mcts) {
			state.q_value = stat.visits > 0 ? stat.valueSum / stat.visits : 0;
			state.visit_count = stat.visits;
		}
		states[tag] = state;
	}
	if (!mcts)
		states.solutions = beamSolutions(search, nodes, tags, groundTruth, stats);
	return {
		...(search.problemId === null ? {} : {index: search.problemId}),
		question: search.question,
		answer: groundTruth,
		rstar: states
	};
}

/** The reference's per-node state keys, recovered from what the search stored. */
function stepState(node: StoredNode, question: string): Omit<ReferenceState, 'value'> {
	if (node.parentId === null)
		return {text: '', extra_info: `question: ${question}`, action: '', action_input: '', final_answer: ''};
	const base = {text: node.text, extra_info: '', action: '', action_input: '', final_answer: finalAnswerOf(node)};
	if (node.reason === 'answer' || (node.code === '' && node.output === null && node.error === null))
		return base;
	return {...base, action: 'python_interpreter', action_input: actionInput(node), observation: observationOf(node)};
}

function finalAnswerOf(node: StoredNode): string {
	switch (node.reason) {
		case 'answer': return node.finalAnswer ?? '';
		case 'code-error': return referenceFailures.codeErrors;
		case 'depth': return referenceFailures.depth;
		case 'unparsable':
		case 'too-long': return referenceFailures.noValidChild;
		default: return '';
	}
}

/** Where the output block the search appended to a step's text starts (its `\n`), or −1 when it has none. */
function outputBlockStart(node: StoredNode): number {
	return node.text.endsWith('<end_of_output>') ? node.text.lastIndexOf('\n<output>') : -1;
}

/**
 * The step as generated (the reference's `action_input`): the stored text without the output block the search
 * appended, and without the `<end_of_code>` it appended to a step ended for code errors (a block wrapped twice marks a
 * step that held `<end_of_code>` itself).
 */
function actionInput(node: StoredNode): string {
	const block = outputBlockStart(node);
	if (block === -1)
		return node.text;
	const before = node.text.slice(0, block);
	const appendedEnd = node.reason === 'code-error' && !node.text.startsWith('<output>', block + 1 + '<output>'.length);
	return appendedEnd && before.endsWith('<end_of_code>') ? before.slice(0, -'<end_of_code>'.length) : before;
}

/** The interpreter's report (the reference's `observation`): the output block's content, or what the run printed. */
function observationOf(node: StoredNode): string {
	const block = outputBlockStart(node);
	if (block !== -1)
		return node.text.slice(block + '\n<output>'.length, -'<end_of_output>'.length).replace(/^<output>(.*)<end_of_output>$/s, '$1');
	return node.error !== null ? node.error.trim().split('\n').at(-1)!.trim() : (node.output ?? '').trim();
}

function beamSolutions(search: Pick<SearchSummary, 'question'>, nodes: readonly StoredNode[], tags: Map<number, string>,
	groundTruth: string | string[] | null, stats: (node: StoredNode) => NodeStats): ReferenceSolution[] {
	const partial = (node: StoredNode): string => node.parentId === null ? '' : partial(nodes[node.parentId]!) + node.text;
	return nodes.filter(node => node.reason === 'answer' && stats(node).exists)
		.map(node => ({question: search.question, ground_truth: groundTruth, value: stats(node).value, final_answer: node.finalAnswer ?? '', solution: partial(node), tag: tags.get(node.id)!}))
		.sort((a, b) => b.value - a.value);
}
