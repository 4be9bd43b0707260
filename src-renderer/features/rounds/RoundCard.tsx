import type {RoundView} from '../../../src-main/contract/rounds';

/** A round in the list: its number and status, and one mark per stage showing where the pipeline stands. */
export function RoundCard({round, selected, onSelect}: {round: RoundView; selected: boolean; onSelect(): void}) {
	const live = round.stages.find(stage => stage.status === 'running' || stage.status === 'paused');
	return (
		<button type="button" className={selected ? 'round-card active' : 'round-card'} onClick={onSelect} aria-pressed={selected}
			aria-label={`${round.evolution} round ${round.number}, ${round.status}`}>
			<span className="round-card-title">{round.evolution} · round {round.number}</span>
			<span className={`round-card-status status-${round.status}`}>{live ? `${live.stage} ${live.status === 'paused' ? 'paused' : `${live.job?.done ?? 0}/${live.job?.total ?? 0}`}` : round.status}</span>
			<span className="stage-marks" aria-hidden="true">
				{round.stages.map(stage => <span key={stage.stage} className={`stage-mark mark-${stage.status}`} title={`${stage.stage}: ${stage.status}`}/>)}
			</span>
		</button>
	);
}
