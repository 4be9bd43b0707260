import type {ApiParsedParams, ApiResult} from '../contract/api.js';
import type {StepRating, TrajectoryLabels} from '../contract/curation.js';
import {RstarError} from '../contract/errors.js';
import {q, type TreeNode} from '../engine/SearchTree.js';
import {rstarTrainingPrompt} from '../prompts/promptFormats.js';
import type {TrlStepwise} from '../rounds/trlLayouts.js';
import {GuidelineStore} from '../store/GuidelineStore.js';
import {SearchStore, type StoredSearch} from '../store/SearchStore.js';
import {StepLabelStore} from '../store/StepLabelStore.js';
import type {Workspace} from '../store/Workspace.js';

/**
 * Step labels as PRM800K has them: on a trajectory (a stored search's path from the root to a node), each step rated
 * −1 / 0 / +1 by a labeller, the first wrong step marked, and the trajectory finished with a reason. Each call is one
 * committed transaction (full sync) before it returns.
 */
export class StepLabelService {
	private readonly labels: StepLabelStore;
	private readonly searches: SearchStore;
	private readonly guidelines: GuidelineStore;

	public constructor(workspace: Workspace) {
		this.labels = new StepLabelStore(workspace.db);
		this.searches = new SearchStore(workspace.db);
		this.guidelines = new GuidelineStore(workspace.db);
	}

	public trajectory({searchId, leafId, labeller}: ApiParsedParams<'label.trajectory'>): TrajectoryLabels {
		const {search, steps} = this.path(searchId, leafId);
		const ratings = this.labels.ratings(searchId, leafId, labeller);
		const finish = this.labels.finishOf(searchId, leafId, labeller);
		return {
			searchId, leafId, labeller, question: search.question,
			steps: steps.map(node => {
				const id = node.id;
				return {nodeId: id, text: node.text, code: node.code, output: node.output, error: node.error, q: q(node), rating: ratings.get(id) ?? null};
			}),
			firstWrongStep: finish?.firstWrongStep ?? null,
			finish: finish && {reason: finish.reason, createdAt: finish.createdAt, msSpent: finish.msSpent},
			guidelineVersion: this.guidelines.currentVersion()
		};
	}

	public rate(params: ApiParsedParams<'label.step'>): TrajectoryLabels {
		const {steps} = this.path(params.searchId, params.leafId);
		if (!steps.some(step => step.id === params.nodeId))
			throw new RstarError('invalid-params', `node ${params.nodeId} is not a step of the trajectory to node ${params.leafId} in search ${params.searchId}`);
		this.labels.rate(params.searchId, params.leafId, params.nodeId, params.labeller, params.rating, this.guidelines.currentVersion());
		return this.trajectory(params);
	}

	public finish(params: ApiParsedParams<'label.finish'>): TrajectoryLabels {
		const {steps} = this.path(params.searchId, params.leafId);
		if (params.firstWrongStep !== null && !steps.some(step => step.id === params.firstWrongStep))
			throw new RstarError('invalid-params', `node ${params.firstWrongStep} is not a step of the trajectory to node ${params.leafId} in search ${params.searchId}`);
		this.labels.finish(params.searchId, params.leafId, params.labeller, {
			firstWrongStep: params.firstWrongStep, reason: params.reason, msSpent: params.msSpent, guidelineVersion: this.guidelines.currentVersion()
		});
		return this.trajectory(params);
	}

	public list({searchId}: ApiParsedParams<'label.list'>): ApiResult<'label.list'> {
		return this.labels.summaries(searchId).map(summary => ({
			searchId: summary.searchId, leafId: summary.leafId, labeller: summary.labeller, rated: summary.rated,
			// A trajectory has as many steps as its leaf is deep.
			steps: this.searches.node(summary.searchId, summary.leafId)?.depth ?? 0,
			firstWrongStep: summary.finish?.firstWrongStep ?? null, reason: summary.finish?.reason ?? null, updatedAt: summary.updatedAt
		}));
	}

	/**
	 * Finished trajectories in TRL's stepwise layout, one row per trajectory and labeller: the template with the
	 * question, the steps down to the first wrong one (PRM800K's labelling stops there) or to the last rated one, and
	 * each step's label (+1 true, −1 false, 0 as `neutral` says). A trajectory with an unrated step in that range is
	 * left out, and counted in the manifest.
	 */
	public export({searchId, neutral}: ApiParsedParams<'label.export'>): ApiResult<'label.export'> {
		const rows: TrlStepwise[] = [];
		let leftOut = 0;
		const searches = new Map<number, StoredSearch>();
		for (const summary of this.labels.summaries(searchId)) {
			if (!summary.finish)
				continue;
			let search = searches.get(summary.searchId);
			if (!search)
				searches.set(summary.searchId, search = this.searches.get(summary.searchId)!);
			const path = this.searches.pathNodes(summary.searchId, summary.leafId).slice(1);
			const steps = path.map(node => node.id);
			const ratings = this.labels.ratings(summary.searchId, summary.leafId, summary.labeller);
			const firstWrong = summary.finish.firstWrongStep;
			const end = firstWrong !== null ? steps.indexOf(firstWrong) + 1 : Math.max(0, ...steps.map((id, i) => ratings.has(id) ? i + 1 : 0));
			const kept = steps.slice(0, end);
			if (kept.length === 0 || kept.some(id => !ratings.has(id))) {
				leftOut++;
				continue;
			}
			rows.push({
				prompt: rstarTrainingPrompt(search.question),
				completions: path.slice(0, kept.length).map(node => node.text),
				labels: kept.map(id => label(ratings.get(id)!, neutral))
			});
		}
		const steps = rows.reduce((sum, row) => sum + row.labels.length, 0);
		const positive = rows.reduce((sum, row) => sum + row.labels.filter(Boolean).length, 0);
		const createdAt = new Date().toISOString();
		return {
			fileName: `step-labels-stepwise-${createdAt.slice(0, 19).replace(/[:T]/g, '-')}.jsonl`,
			content: rows.map(row => `${JSON.stringify(row)}\n`).join(''),
			manifest: {
				kind: 'step-labels', layout: 'trl-stepwise', filters: {searchId: searchId ?? null, neutral}, rows: rows.length,
				counts: {trajectories: rows.length, steps, positive, negative: steps - positive, leftOut}, createdAt
			}
		};
	}

	/** The trajectory's steps, the root's child first: the path to the leaf, read alone (not the whole tree). */
	private path(searchId: number, leafId: number): {search: StoredSearch; steps: TreeNode[]} {
		const search = this.searches.get(searchId);
		if (!search)
			throw new RstarError('not-found', `no search ${searchId} in this workspace`);
		const path = this.searches.pathNodes(searchId, leafId);
		if (path.length < 2)
			throw new RstarError('not-found', `search ${searchId} has no step ${leafId} (a trajectory ends at a step, not the root)`);
		return {search, steps: path.slice(1)};
	}
}

function label(rating: StepRating, neutral: 'positive' | 'negative'): boolean {
	return rating === 1 || (rating === 0 && neutral === 'positive');
}
