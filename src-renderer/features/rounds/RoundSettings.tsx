import type {DatasetSummary} from '../../../src-main/contract/datasets';
import type {RoundConfig} from '../../../src-main/contract/rounds';
import {PathText} from '../../components/PathText';

const datasetName = (datasets: readonly DatasetSummary[], id: number) => datasets.find(dataset => dataset.id === id)?.name ?? `dataset ${id}`;

/** What a round searches, with what, and how it trains and is scored: its config as stored. */
export function RoundSettings({config, datasets}: {config: RoundConfig; datasets: readonly DatasetSummary[]}) {
	const {pool, settings, policyTraining, ppmTraining, evaluation} = config;
	const overridden = Object.keys(config.overrides).filter(key => key !== 'preset');
	return (
		<dl className="facts round-settings">
			<div><dt>pool</dt><dd>
				{datasetName(datasets, pool.datasetId)}{pool.levels ? ` · ${pool.levels.join(', ')}` : ' · every level'}
				{pool.perLevel !== undefined && ` · at most ${pool.perLevel} per level`}{pool.sample !== undefined && ` · a sample of ${pool.sample}`}
			</dd></div>
			<div><dt>searched with</dt><dd><PathText path={config.policyPath}/></dd></div>
			<div><dt>PPM</dt><dd>{config.ppmPath ? <PathText path={config.ppmPath}/> : <span className="muted">none</span>}</dd></div>
			<div><dt>preset</dt><dd>
				{settings.preset ?? 'none'} · {settings.mode} · {settings.qMode}
				{overridden.length > 0 && <span className="muted"> · set over it: {overridden.join(', ')}</span>}
			</dd></div>
			<div><dt>search</dt><dd>
				{settings.rollouts} rollouts × {settings.candidates} candidates, depth {settings.maxDepth}, c {settings.cPuct}, T {settings.temperature},
				{' '}{settings.promptFormat}, {settings.answerSelection}, seed {settings.seed}, {config.concurrency} at a time
			</dd></div>
			<div><dt>extraction</dt><dd>
				{config.sftPerProblem} SFT rows per problem; pairs {config.pairs.chosenPerNode}×{config.pairs.rejectedPerNode}, margin ≥ {config.pairs.minStepMargin},
				{' '}edit distance ≥ {config.pairs.minEditDistance}{config.replay.earlierRounds ? '; earlier rounds replayed' : ''}
			</dd></div>
			<div><dt>training</dt><dd>
				policy {policyTraining.steps ?? `${policyTraining.epochs ?? 1} epoch(s)`}{policyTraining.steps ? ' steps' : ''} from the {policyTraining.continueFrom === 'scratch' ? 'scratch' : 'searched policy'};
				{' '}PPM {ppmTraining.steps ?? `${ppmTraining.epochs ?? 1} epoch(s)`}{ppmTraining.steps ? ' steps' : ''}
			</dd></div>
			<div><dt>evaluation</dt><dd>
				{evaluation.datasetIds.length === 0
					? <span className="muted">no dataset</span>
					: <>{evaluation.datasetIds.map(id => datasetName(datasets, id)).join(', ')}{evaluation.perLevel !== undefined && ` · ${evaluation.perLevel} per level`} · greedy and {evaluation.search.preset ?? 'search'} · N {evaluation.ns.join(', ')}</>}
			</dd></div>
		</dl>
	);
}
