import type {ApiParsedParams} from '../contract/api.js';
import type {AgreementReport, AgreementSample, PairDecision, PairStatus} from '../contract/curation.js';
import {RstarError} from '../contract/errors.js';
import {cohensKappa} from '../curation/cohensKappa.js';
import {mulberry32, shuffledPrefix} from '../engine/rng.js';
import {AgreementStore} from '../store/AgreementStore.js';
import {PreferencePairStore, type StoredPair} from '../store/PreferencePairStore.js';
import type {Workspace} from '../store/Workspace.js';

/**
 * Agreement samples: a seeded draw of pairs re-labelled blind (the focus view withholds the suggestion and earlier
 * verdicts), each item handed to k of the named labellers in turn, and the report: self-agreement, agreement with
 * the PPM, agreement between labellers, as raw share and Cohen's κ, per round and overall.
 */
export class AgreementService {
	private readonly samples: AgreementStore;
	private readonly pairs: PreferencePairStore;

	public constructor(private readonly workspace: Workspace) {
		this.samples = new AgreementStore(workspace.db);
		this.pairs = new PreferencePairStore(workspace.db);
	}

	public start(params: ApiParsedParams<'agreement.start'>): AgreementSample {
		const {name, size, seed, labellers, k, ...filters} = params;
		const ids = this.pairs.idsMatching(filters);
		if (ids.length === 0)
			throw new RstarError('invalid-params', 'no pair matches the filter: there is nothing to sample');
		const drawn = shuffledPrefix(ids.length, size, mulberry32(seed)).map(index => ids[index]!);
		const distinct = [...new Set(labellers)];
		if (k > distinct.length)
			throw new RstarError('invalid-params', `k = ${k} but only ${distinct.length} different labellers are named`, {field: 'k'});
		// Item i goes to k consecutive labellers from i·k: every labeller gets as many items as the others, ±1.
		const items = drawn.map((pairId, i) => ({pairId, labellers: Array.from({length: k}, (_, j) => distinct[(i * k + j) % distinct.length]!)}));
		const id = this.workspace.db.transaction(() => this.samples.create(name || `sample of ${drawn.length}`, {filters, seed, labellers: distinct, k}, k, items))();
		return this.samples.get(id)!;
	}

	public list(): AgreementSample[] {
		return this.samples.list();
	}

	public next({sampleId, labeller}: ApiParsedParams<'agreement.next'>): {pairId: number | null; remaining: number} {
		this.sample(sampleId);
		return this.samples.next(sampleId, labeller);
	}

	public report(sampleId: number): AgreementReport {
		const sample = this.sample(sampleId);
		const {inSample, before} = this.pairs.decisionsForSample(sampleId);
		const pairs = new Map<number, StoredPair>();
		for (const decision of inSample)
			if (!pairs.has(decision.pairId))
				pairs.set(decision.pairId, this.pairs.get(decision.pairId)!);
		const groups = new Map<number | null, {label: string; decisions: PairDecision[]}>();
		for (const decision of inSample) {
			const pair = pairs.get(decision.pairId)!;
			let group = groups.get(pair.roundId);
			if (!group)
				groups.set(pair.roundId, group = {label: pair.roundLabel ?? 'no round', decisions: []});
			group.decisions.push(decision);
		}
		const row = (roundId: number | null, label: string, decisions: readonly PairDecision[]) => ({
			roundId, label,
			self: cohensKappa(decisions.flatMap(decision => {
				const earlier = before.filter(other => other.pairId === decision.pairId && other.labeller === decision.labeller && other.id < decision.id).at(-1);
				const a = earlier && category(earlier.verdict);
				const b = category(decision.verdict);
				return a && b ? [[a, b] as const] : [];
			})),
			ppm: cohensKappa(decisions.flatMap(decision => {
				const pair = pairs.get(decision.pairId)!;
				const human = preference(decision.verdict);
				if (!human || pair.ppmChosen === null || pair.ppmRejected === null)
					return [];
				return [[human, pair.ppmChosen >= pair.ppmRejected ? 'chosen' : 'rejected'] as const];
			})),
			between: cohensKappa([...byPair(decisions).values()].flatMap(onItem => onItem.flatMap((first, i) => onItem.slice(i + 1)
				.filter(second => second.labeller !== first.labeller)
				.flatMap(second => {
					const a = category(first.verdict);
					const b = category(second.verdict);
					return a && b ? [[a, b] as const] : [];
				}))))
		});
		return {
			sample,
			rows: [...groups].map(([roundId, group]) => row(roundId, group.label, group.decisions)),
			overall: row(null, 'overall', inSample)
		};
	}

	private sample(sampleId: number): AgreementSample {
		const sample = this.samples.get(sampleId);
		if (!sample)
			throw new RstarError('not-found', `no agreement sample ${sampleId}`);
		return sample;
	}
}

/** A verdict as agreement compares it: an edit accepts the pair as a plain accept does; a skip or reset says nothing. */
function category(verdict: PairStatus): string | null {
	return verdict === 'skipped' || verdict === 'pending' ? null : verdict === 'edited' ? 'accepted' : verdict;
}

/** The side a verdict prefers, where it prefers one. */
function preference(verdict: PairStatus): 'chosen' | 'rejected' | null {
	return verdict === 'accepted' || verdict === 'edited' ? 'chosen' : verdict === 'swapped' ? 'rejected' : null;
}

function byPair(decisions: readonly PairDecision[]): Map<number, PairDecision[]> {
	const grouped = new Map<number, PairDecision[]>();
	for (const decision of decisions)
		grouped.set(decision.pairId, [...grouped.get(decision.pairId) ?? [], decision]);
	return grouped;
}
