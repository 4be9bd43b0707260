import type {ApiParsedParams} from '../contract/api.js';
import {RstarError} from '../contract/errors.js';
import type {PreferencePair} from '../contract/search.js';
import {q} from '../engine/SearchTree.js';
import {PreferencePairStore} from '../store/PreferencePairStore.js';
import {SearchStore} from '../store/SearchStore.js';
import type {Workspace} from '../store/Workspace.js';

/** Step-level preference pairs made by hand: two sibling steps of a stored search, with their provenance. */
export class PairService {
	private readonly pairs: PreferencePairStore;
	private readonly searches: SearchStore;

	public constructor(workspace: Workspace) {
		this.pairs = new PreferencePairStore(workspace.db);
		this.searches = new SearchStore(workspace.db);
	}

	/**
	 * Records `chosenId` ≻ `rejectedId`; both must be stored steps of the search with the same parent, and the search
	 * must not hold that pair yet (`pair.duplicate`, naming the pair it holds).
	 */
	public create(params: ApiParsedParams<'pair.create'>): PreferencePair {
		if (!this.searches.get(params.searchId))
			throw new RstarError('not-found', `no search ${params.searchId} in this workspace`);
		const nodes = this.searches.nodes(params.searchId);
		const [chosen, rejected] = [params.chosenId, params.rejectedId].map(id => {
			const node = nodes[id];
			if (!node)
				throw new RstarError('not-found', `search ${params.searchId} has no stored node ${id}`);
			return node;
		}) as [typeof nodes[number], typeof nodes[number]];
		if (chosen.parentId === null || chosen.parentId !== rejected.parentId)
			throw new RstarError('invalid-params', `nodes ${chosen.id} and ${rejected.id} are not sibling steps — a step-level pair compares two steps from the same parent`);
		const pair = this.pairs.create({
			searchId: params.searchId, parentId: chosen.parentId, chosenId: chosen.id, rejectedId: rejected.id,
			chosenQ: q(chosen), rejectedQ: q(rejected), source: 'hand', author: params.author, note: params.note
		});
		if (!pair) {
			const held = this.pairs.find(params.searchId, chosen.id, rejected.id)!;
			throw new RstarError('pair.duplicate', `pair #${held.id} already prefers step #${chosen.id} to #${rejected.id} (by ${held.author}): undo it to store it again with another note`, {pairId: held.id});
		}
		return pair;
	}

	/** Deletes a pair (undo); `not-found` when there is none with that id. */
	public delete(pairId: number): void {
		if (!this.pairs.delete(pairId))
			throw new RstarError('not-found', `no preference pair ${pairId} in this workspace`);
	}

	public listForSearch(searchId: number): PreferencePair[] {
		return this.pairs.listForSearch(searchId);
	}
}
