import {Fragment, useState} from 'react';
import type {ApiMethod} from '../../../src-main/contract/api';
import type {DatasetSummary} from '../../../src-main/contract/datasets';
import {roundStages, type RoundStage, type RoundView} from '../../../src-main/contract/rounds';
import {useApi} from '../../api/ApiContext';
import {CurateStage} from './CurateStage';
import {EvaluationFigures} from './EvaluationFigures';
import {ExtractionPanel} from './ExtractionPanel';
import {ModelInfo} from './ModelInfo';
import {RoundReportTables} from './RoundReportTables';
import {RoundSettings} from './RoundSettings';
import {SearchStagePanel} from './SearchStagePanel';
import {StageRow} from './StageRow';
import {TrainingPanel} from './TrainingPanel';
import {useRoundReport} from './useRoundReport';

const stageTitles: Record<RoundStage, string> = {
	search: 'search', extract: 'extract', 'train-policy': 'train policy', 'train-ppm': 'train PPM', evaluate: 'evaluate'
};

type RoundAction = Extract<ApiMethod, 'round.run' | 'round.pause' | 'round.resume' | 'round.stop'>;

/**
 * A round: its pipeline — search → extract → curate → train → evaluate — each stage with its status, progress, controls,
 * log and live panel; the models it searched with and trained; its settings; and the evolution's per-round tables.
 */
export function RoundDetail({round, datasets, onChange, onNext}: {round: RoundView; datasets: readonly DatasetSummary[]; onChange(round: RoundView): void; onNext(round: RoundView): void}) {
	const api = useApi();
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<{stage: RoundStage | null; message: string} | null>(null);
	// Asked to stop, still running: the searches in flight end at their next step, a trainer at its next batch.
	const [stopping, setStopping] = useState(false);
	// The report changes when a stage records its result.
	const {report, error: reportError} = useRoundReport(round.evolution, round.stages.map(stage => stage.status === 'done' ? 'd' : '-').join('') + round.status);

	const act = (method: RoundAction, stage: RoundStage | null, only?: RoundStage[]) => {
		setBusy(true);
		setError(null);
		api.call(method, {roundId: round.id, ...only && {only}}).then(changed => {
			setStopping(method === 'round.stop');
			onChange(changed);
		}, (failure: Error) => setError({stage, message: failure.message})).finally(() => setBusy(false));
	};
	const next = () => {
		setBusy(true);
		setError(null);
		api.call('round.create', {evolution: round.evolution}).then(onNext, (failure: Error) => setError({stage: null, message: failure.message})).finally(() => setBusy(false));
	};

	const live = round.stages.some(stage => stage.status === 'running' || stage.status === 'paused');
	if (stopping && !live)
		setStopping(false);
	const allDone = round.stages.every(stage => stage.status === 'done');
	const firstPending = round.stages.find(stage => stage.status !== 'done')?.stage ?? null;
	const stageError = (stage: RoundStage) => error?.stage === stage && <p className="error" role="alert">{error.message}</p>;
	const panel = (stage: RoundStage) => {
		const view = round.stages[roundStages.indexOf(stage)]!;
		switch (stage) {
			case 'search': return <SearchStagePanel roundId={round.id} live={view.status === 'running' || view.status === 'paused'}/>;
			case 'extract': return round.extraction && <ExtractionPanel extraction={round.extraction}/>;
			case 'train-policy': return view.job && <TrainingPanel job={view.job} model="policy"/>;
			case 'train-ppm': return view.job && <TrainingPanel job={view.job} model="ppm"/>;
			case 'evaluate': return view.status === 'done' && report && <EvaluationFigures report={report} roundId={round.id}/>;
		}
	};

	return (
		<article className="round-detail" aria-label={`${round.evolution} round ${round.number}`}>
			<header className="round-head">
				<h1>{round.evolution} · round {round.number}</h1>
				<span className={`round-status status-${round.status}`} data-testid="round-status">{round.status}</span>
				<span className="round-actions">
					{!live && !allDone && (
						<button type="button" className="primary" disabled={busy} onClick={() => act('round.run', null)}>
							{round.stages.some(stage => stage.job !== null) ? 'Run again' : 'Run'}
						</button>
					)}
					{live && <button type="button" disabled={busy || stopping} onClick={() => act('round.stop', null)}>{stopping ? 'Stopping…' : 'Stop round'}</button>}
					<button type="button" disabled={busy} onClick={next}
						title={`Create round ${round.number + 1} of ${round.evolution}: the schedule's models from this round's, its settings inherited`}>Next round</button>
				</span>
			</header>
			{round.error && !live && <p className="error" role="alert" data-testid="round-error">{round.error}</p>}
			{error?.stage === null && <p className="error" role="alert">{error.message}</p>}

			<ol className="pipeline" aria-label="Stages">
				{round.stages.map(view => (
					<Fragment key={view.stage}>
						<StageRow title={stageTitles[view.stage]} view={view} busy={busy || stopping} stopping={stopping} actions={{
							pause: () => act('round.pause', view.stage),
							resume: () => act('round.resume', view.stage),
							stop: () => act('round.stop', view.stage),
							...!live && view.stage === firstPending && view.stage !== 'search' && {runAlone: () => act('round.run', view.stage, [view.stage])}
						}}>
							{stageError(view.stage)}
							{panel(view.stage)}
						</StageRow>
						{view.stage === 'extract' && <CurateStage roundId={round.id} extracted={round.extraction !== null}/>}
					</Fragment>
				))}
			</ol>

			<section className="round-section" aria-label="Models">
				<h2>Models</h2>
				{round.policyModel ? <ModelInfo model={round.policyModel} label="trained policy" roundId={round.id}/> : <p className="muted">The policy this round trains appears here when its training is done.</p>}
				{round.ppmModel && <ModelInfo model={round.ppmModel} label="trained PPM" roundId={round.id}/>}
			</section>
			<section className="round-section" aria-label="Settings">
				<h2>Pool, preset and settings</h2>
				<RoundSettings config={round.config} datasets={datasets}/>
			</section>
			<section className="round-section" aria-label="Evolution report">
				<h2>{round.evolution}: every round</h2>
				{reportError && <p className="error" role="alert">{reportError}</p>}
				{report && <RoundReportTables report={report} currentId={round.id}/>}
			</section>
		</article>
	);
}
