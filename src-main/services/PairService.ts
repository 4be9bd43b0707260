import type {ApiParsedParams, ApiResult} from '../contract/api.js';
import {
	subtreeLimit, type PairDetail, type PairStatus, type PairStep, type PairSuggestion, type PairView, type SavedPairView
} from '../contract/curation.js';
import {RstarError} from '../contract/errors.js';
import {nodeKindOf, type PreferencePair} from '../contract/search.js';
import {pairImportRow} from '../curation/pairImportRow.js';
import {curatedRow, pairExportStatuses} from '../curation/curatedRow.js';
import {q, type TreeNode} from '../engine/SearchTree.js';
import {editDistance} from '../rounds/editDistance.js';
import {prefixOf, type ExtractionTree} from '../rounds/ExtractionTree.js';
import type {PairExample, PairRow} from '../rounds/extractPairs.js';
import {trlPairRow} from '../rounds/trlLayouts.js';
import {AgreementStore} from '../store/AgreementStore.js';
import {GuidelineStore} from '../store/GuidelineStore.js';
import {PairViewStore} from '../store/PairViewStore.js';
import {PreferencePairStore, type NewPair, type StoredPair} from '../store/PreferencePairStore.js';
import {SearchStore} from '../store/SearchStore.js';
import type {Workspace} from '../store/Workspace.js';
import type {EventBus} from './EventBus.js';

/**
 * The curation queue of step-level preference pairs: made by hand on the Search page, mined by a round's extraction,
 * imported from JSONL. Each decision is one transaction, and SQLite commits it with a full sync (the workspace's
 * `synchronous = FULL`) before the call returns, so a decision reported saved survives a crash.
 */
export class PairService {
	private readonly pairs: PreferencePairStore;
	private readonly searches: SearchStore;
	private readonly views: PairViewStore;
	private readonly guidelines: GuidelineStore;
	private readonly samples: AgreementStore;

	public constructor(private readonly workspace: Workspace, private readonly events?: EventBus) {
		this.samples = new AgreementStore(workspace.db);
		this.pairs = new PreferencePairStore(workspace.db);
		this.searches = new SearchStore(workspace.db);
		this.views = new PairViewStore(workspace.db);
		this.guidelines = new GuidelineStore(workspace.db);
		// Pairs stored before the queue existed (hand pairs) have no prompt or edit distance yet: computed once, here.
		const missing = this.pairs.withoutPrompt();
		if (missing.length > 0)
			workspace.db.transaction(() => missing.forEach(pair => {
				const path = extractionTree({id: pair.searchId, problemId: null, question: pair.question}, sparseTree(this.searches.pathNodes(pair.searchId, pair.parentId)));
				this.pairs.fillIn(pair.id, prefixOf(path, pair.parentId), editDistance(pair.chosenText, pair.rejectedText));
			}))();
	}

	/**
	 * Records `chosenId` ≻ `rejectedId` by hand, accepted by its author; both must be stored steps of the search with
	 * the same parent, and the search must not hold that pair yet (`pair.duplicate`, naming the pair it holds).
	 */
	public create(params: ApiParsedParams<'pair.create'>): PreferencePair {
		const search = this.searches.get(params.searchId);
		if (!search)
			throw new RstarError('not-found', `no search ${params.searchId} in this workspace`);
		const nodes = this.searches.nodes(params.searchId);
		const [chosen, rejected] = [params.chosenId, params.rejectedId].map(id => {
			const node = nodes[id];
			if (!node)
				throw new RstarError('not-found', `search ${params.searchId} has no stored node ${id}`);
			return node;
		}) as [TreeNode, TreeNode];
		if (chosen.parentId === null || chosen.parentId !== rejected.parentId)
			throw new RstarError('invalid-params', `nodes ${chosen.id} and ${rejected.id} are not sibling steps — a step-level pair compares two steps from the same parent`);
		const prompt = prefixOf(extractionTree(search, nodes), chosen.parentId);
		const pairId = this.workspace.db.transaction(() => {
			const id = this.pairs.insert({
				...treePair(search, nodes, chosen, rejected, prompt), source: 'hand', roundId: null, posCount: 1, negCount: 1, author: params.author, note: params.note
			});
			if (id !== null)
				this.decide(id, {labeller: params.author, verdict: 'accepted', note: '', chosenText: null, rejectedText: null, msSpent: 0, suggestion: null, sampleId: null});
			return id;
		})();
		if (pairId === null) {
			const held = this.pairs.findInSearch(params.searchId, chosen.id, rejected.id)!;
			throw new RstarError('pair.duplicate', `pair #${held.id} already prefers step #${chosen.id} to #${rejected.id} (by ${held.author}): undo it to store it again with another note`, {pairId: held.id});
		}
		this.changed([pairId]);
		return this.pairs.handPairsOf(params.searchId).find(pair => pair.id === pairId)!;
	}

	/** Deletes a pair (undo on the Search page); `not-found` when there is none with that id. */
	public delete(pairId: number): void {
		if (!this.pairs.delete(pairId))
			throw new RstarError('not-found', `no preference pair ${pairId} in this workspace`);
		this.changed([pairId]);
	}

	/** The hand-made pairs of a search. */
	public listForSearch(searchId: number): PreferencePair[] {
		return this.pairs.handPairsOf(searchId);
	}

	/**
	 * Puts a round's mined pairs in the queue, pending (a pair the queue holds already keeps its state), and gives the
	 * round the hand pairs of its searches. Returns how many were new.
	 */
	public addMined(roundId: number, examples: readonly PairExample[]): number {
		let added = 0;
		const bySearch = new Map<number, {search: ReturnType<SearchStore['get']>; nodes: TreeNode[]}>();
		this.workspace.db.transaction(() => {
			for (const {row, provenance} of examples) {
				let tree = bySearch.get(provenance.searchId);
				if (!tree)
					bySearch.set(provenance.searchId, tree = {search: this.searches.get(provenance.searchId), nodes: this.searches.nodes(provenance.searchId)});
				const chosen = tree.nodes[provenance.chosenId]!;
				const rejected = tree.nodes[provenance.rejectedId]!;
				const id = this.pairs.insert({
					// The extraction built the prompt already (the same prefix).
					...treePair(tree.search!, tree.nodes, chosen, rejected, row.prompt), source: 'mined', roundId, posCount: row.pos_count, negCount: row.neg_count,
					author: 'round', note: ''
				});
				added += id === null ? 0 : 1;
			}
			this.pairs.adoptHandPairs(roundId, [...new Set(examples.map(example => example.provenance.searchId))]);
		})();
		this.changed(null);
		return added;
	}

	public queue(query: ApiParsedParams<'pair.queue'>): ApiResult<'pair.queue'> {
		const {offset, limit, ...view} = query;
		return this.pairs.page(view, offset, limit);
	}

	public next(params: ApiParsedParams<'pair.next'>): ApiResult<'pair.next'> {
		const {exceptId, ...view} = params;
		return this.pairs.nextPending(view, exceptId);
	}

	/** A pair as the focus view shows it: its question, the shared prefix, both steps in full with their subtrees. */
	public get({pairId, blind}: ApiParsedParams<'pair.get'>): PairDetail {
		const pair = this.stored(pairId);
		const search = pair.searchId === null ? null : this.searches.get(pair.searchId)!;
		// The path down to the parent and the two steps' subtrees only: a large tree is not read whole for one item.
		const path = search && pair.parentId !== null ? this.searches.pathNodes(search.id, pair.parentId) : [];
		const step = (id: number | null, text: string, edit: string | null): PairStep => {
			const node = search && id !== null ? this.searches.node(search.id, id) : undefined;
			if (!node)
				return {nodeId: null, text, editedText: edit, output: null, error: null, q: null, visits: null, ppm: null, correctLeaves: 0, wrongLeaves: 0, subtree: [], subtreeMore: 0};
			const below = this.searches.subtree(search!.id, node.id, subtreeLimit);
			return {
				nodeId: node.id, text, editedText: edit, output: node.output, error: node.error, q: q(node), visits: node.visits, ppm: node.ppm,
				correctLeaves: below.correct, wrongLeaves: below.wrong,
				subtree: below.nodes.map(each => ({id: each.id, parentId: each.parentId, q: q(each), visits: each.visits, kind: nodeKindOf(each)})),
				subtreeMore: below.total - below.nodes.length
			};
		};
		return {
			...pair, question: pair.question, note: pair.note, blind,
			prefix: path.slice(1).map(node => ({nodeId: node.id, text: node.text, output: node.output, error: node.error})),
			prompt: pair.prompt,
			chosen: step(pair.chosenId, pair.chosenText, pair.chosenEdit),
			rejected: step(pair.rejectedId, pair.rejectedText, pair.rejectedEdit),
			suggestion: blind ? null : suggestionOf(pair),
			decisions: blind ? [] : this.pairs.decisionsOf(pairId),
			problemFlag: pair.question === null ? null : this.pairs.flagOf(pair.question)
		};
	}

	/** Records a decision; returned once committed. */
	public label(params: ApiParsedParams<'pair.label'>): ApiResult<'pair.label'> {
		const pair = this.stored(params.pairId);
		if (params.sampleId !== undefined && !this.samples.isAssigned(params.sampleId, pair.id, params.labeller))
			throw new RstarError('invalid-params', `pair ${pair.id} is not handed to ${params.labeller} in agreement sample ${params.sampleId}`);
		const decision = this.workspace.db.transaction(() => this.decide(pair.id, {
			labeller: params.labeller, verdict: params.verdict, note: params.note,
			chosenText: params.verdict === 'edited' ? params.chosenText ?? null : null, rejectedText: params.verdict === 'edited' ? params.rejectedText ?? null : null,
			msSpent: params.msSpent, suggestion: params.suggestionShown, sampleId: params.sampleId ?? null
		}))();
		this.changed([pair.id]);
		return {decision, pair: this.stored(pair.id)};
	}

	/** Takes back the labeller's latest decision. */
	public undo({labeller}: ApiParsedParams<'pair.undo'>): ApiResult<'pair.undo'> {
		const decision = this.pairs.latestDecisionOf(labeller);
		if (!decision)
			throw new RstarError('not-found', `${labeller} has no decision to undo`);
		this.workspace.db.transaction(() => this.pairs.undo(decision))();
		this.changed([decision.pairId]);
		return {undone: decision, pair: this.stored(decision.pairId)};
	}

	/** One verdict on every pair the filter matches, one decision each, in one transaction. */
	public bulk(params: ApiParsedParams<'pair.bulk'>): {changed: number} {
		const {verdict, labeller, ...filters} = params;
		const ids = this.pairs.idsMatching(filters);
		this.workspace.db.transaction(() => {
			for (const id of ids)
				this.decide(id, {labeller, verdict, note: 'bulk', chosenText: null, rejectedText: null, msSpent: 0, suggestion: null, sampleId: null});
		})();
		this.changed(ids);
		return {changed: ids.length};
	}

	/** Flags (or clears) the problem of a pair as bad. */
	public flagProblem({pairId, flagged, labeller, note}: ApiParsedParams<'pair.flagProblem'>): ApiResult<'pair.flagProblem'> {
		const pair = this.stored(pairId);
		if (pair.question === null)
			throw new RstarError('invalid-params', `pair ${pairId} was imported without its question: there is no problem to flag`);
		const pairs = this.pairs.flag(pair.question, flagged, labeller, note);
		this.changed(null);
		return {flagged, pairs};
	}

	/** The curated pairs a filter matches, as JSONL rows of the layout, with the manifest. */
	public export(params: ApiParsedParams<'pair.export'>): ApiResult<'pair.export'> {
		const {layout, scope, ...filters} = params;
		const selected = this.pairs.matching(filters, pairExportStatuses[scope]);
		const rows = this.referenceRows(selected);
		const lines = layout === 'reference' ? rows : rows.map(trlPairRow);
		const counts: Record<string, number> = {};
		for (const pair of selected)
			counts[pair.status] = (counts[pair.status] ?? 0) + 1;
		const createdAt = new Date().toISOString();
		return {
			fileName: `pairs-${layout}-${createdAt.slice(0, 19).replace(/[:T]/g, '-')}.jsonl`,
			content: lines.map(line => `${JSON.stringify(line)}\n`).join(''),
			manifest: {kind: 'pairs', layout, filters: {...filters, scope}, rows: lines.length, counts, createdAt}
		};
	}

	/** Whether the queue holds any pair of the round. */
	public queuesRound(roundId: number): boolean {
		return this.pairs.holdsRound(roundId);
	}

	/** The reference's rows of a round's curated pairs (what its PPM trains on). */
	public curatedRowsOfRound(roundId: number): PairRow[] {
		return this.referenceRows(this.pairs.matching({roundId}, pairExportStatuses.curated));
	}

	/** Reads JSONL pairs into the queue as imported, pending; a bad line is refused with why, the rest go in. */
	public import({fileName, content, author}: ApiParsedParams<'pair.import'>): ApiResult<'pair.import'> {
		const refused: {line: number; message: string}[] = [];
		let imported = 0;
		let duplicates = 0;
		this.workspace.db.transaction(() => {
			content.split('\n').forEach((text, index) => {
				if (text.trim() === '')
					return;
				const parsed = pairImportRow(text);
				if ('error' in parsed) {
					refused.push({line: index + 1, message: parsed.error});
					return;
				}
				// A row the queue holds — imported before, or exported from a tree pair and read back — is not added.
				if (this.pairs.holdsContent(parsed.prompt, parsed.chosen, parsed.rejected)) {
					duplicates++;
					return;
				}
				this.pairs.insert({
					source: 'imported', searchId: null, parentId: null, chosenId: null, rejectedId: null, roundId: null, problemId: null, question: null,
					prompt: parsed.prompt, chosenText: parsed.chosen, rejectedText: parsed.rejected, chosenQ: null, rejectedQ: null, depth: null,
					editDistance: editDistance(parsed.chosen, parsed.rejected), ppmChosen: null, ppmRejected: null,
					posCount: parsed.posCount, negCount: parsed.negCount, author, note: `imported from ${fileName}, line ${index + 1}`
				});
				imported++;
			});
		})();
		this.changed(null);
		return {imported, duplicates, refused: refused.slice(0, 50), refusedTotal: refused.length};
	}

	public listViews(): SavedPairView[] {
		return this.views.list();
	}

	public saveView(name: string, view: PairView): SavedPairView {
		return this.views.save(name, view);
	}

	public deleteView(id: number): void {
		if (!this.views.delete(id))
			throw new RstarError('not-found', `no saved view ${id}`);
	}

	/** A pair's decision under the current guidelines, inside the caller's transaction. */
	private decide(pairId: number, decision: {labeller: string; verdict: PairStatus; note: string; chosenText: string | null; rejectedText: string | null; msSpent: number; suggestion: PairSuggestion | null; sampleId: number | null}) {
		return this.pairs.decide({pairId, ...decision, guidelineVersion: this.guidelines.currentVersion()});
	}

	private stored(pairId: number): StoredPair {
		const pair = this.pairs.get(pairId);
		if (!pair)
			throw new RstarError('not-found', `no preference pair ${pairId} in this workspace`);
		return pair;
	}

	/** Rows in the reference's layout, the curated state applied: edits, and swaps (with their counts). */
	private referenceRows(pairs: readonly StoredPair[]): PairRow[] {
		return pairs.map(pair => curatedRow(pair, pair.prompt));
	}

	private changed(pairIds: number[] | null): void {
		this.events?.emit('pairs.changed', {pairIds});
	}
}

/** What a pair of two sibling steps of a stored tree is made of, beside its source and counts. */
function treePair(search: {id: number; problemId: number | null; question: string}, nodes: readonly TreeNode[], chosen: TreeNode, rejected: TreeNode, prompt: string):
	Omit<NewPair, 'source' | 'roundId' | 'posCount' | 'negCount' | 'author' | 'note'> {
	return {
		searchId: search.id, parentId: chosen.parentId, chosenId: chosen.id, rejectedId: rejected.id, problemId: search.problemId,
		question: search.question, prompt, chosenText: chosen.text, rejectedText: rejected.text, chosenQ: q(chosen), rejectedQ: q(rejected),
		depth: nodes[chosen.parentId!]!.depth, editDistance: editDistance(chosen.text, rejected.text), ppmChosen: chosen.ppm, ppmRejected: rejected.ppm
	};
}

/** Nodes at their ids (the others absent): a path is all `prefixOf` walks. */
function sparseTree(path: readonly TreeNode[]): TreeNode[] {
	const nodes: TreeNode[] = [];
	for (const node of path)
		nodes[node.id] = node;
	return nodes;
}

function extractionTree(search: {id: number; problemId: number | null; question: string}, nodes: TreeNode[]): ExtractionTree {
	return {searchId: search.id, problemId: search.problemId, question: search.question, nodes};
}

/** The PPM's preference from the two steps' stored scores; none without both. */
function suggestionOf(pair: StoredPair): PairSuggestion | null {
	if (pair.ppmChosen === null || pair.ppmRejected === null)
		return null;
	return {chosenScore: pair.ppmChosen, rejectedScore: pair.ppmRejected, prefers: pair.ppmChosen >= pair.ppmRejected ? 'chosen' : 'rejected'};
}
