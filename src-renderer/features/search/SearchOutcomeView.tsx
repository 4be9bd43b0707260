import {terminalReasons, type SearchOutcome} from '../../../src-main/contract/search';
import {figure, percent, seconds} from '../../lib/format';

/** The words the viewer uses for each way a step ends (the legend's). */
const reasonLabels: Record<(typeof terminalReasons)[number], string> = {
	answer: 'answers', 'code-error': 'code errors', depth: 'depth limit', unparsable: 'unparsable', 'too-long': 'cut (too long)',
	'children-terminal': 'all children terminal'
};

/**
 * What a finished search came to: how its answers split the vote (its answer marked), its nodes by kind, the right,
 * wrong and pruned counts, the tokens it generated and where its time went.
 */
export function SearchOutcomeView({outcome}: {outcome: SearchOutcome}) {
	const answers = outcome.votes.reduce((sum, vote) => sum + vote.count, 0);
	const stages = [['sampling steps', outcome.timeMs.generation], ['running code, judging', outcome.timeMs.execution], ['PPM scoring', outcome.timeMs.scoring]] as const;
	return (
		<section className="search-outcome" aria-label="Search outcome" data-testid="search-outcome">
			<h3>Answer votes ({answers} answer{answers === 1 ? '' : 's'})</h3>
			{outcome.votes.length === 0
				? <p className="muted">No answer was reached.</p>
				: (
					<ul className="outcome-votes" data-testid="outcome-votes">
						{outcome.votes.map(vote => (
							<li key={vote.answer} className={vote.chosen ? 'outcome-vote chosen' : 'outcome-vote'}>
								<span className="outcome-bar" style={{width: `${(vote.count / answers) * 100}%`}}/>
								<span className="outcome-vote-text">
									{vote.answer} · {vote.count} ({percent(vote.count / answers)}) · mean Q {vote.meanQ.toFixed(2)}
									{vote.correct === null ? '' : vote.correct ? ' ✓' : ' ✗'}{vote.chosen ? ' · the search\'s answer' : ''}
								</span>
							</li>
						))}
					</ul>
				)}
			<h3>Steps</h3>
			<dl className="facts outcome-counts" data-testid="outcome-counts">
				<dt>correct answers</dt><dd>{outcome.counts.correct}</dd>
				<dt>wrong answers</dt><dd>{outcome.counts.wrong}</dd>
				{outcome.counts.unjudged > 0 && <><dt>answers not judged</dt><dd>{outcome.counts.unjudged}</dd></>}
				<dt>pruned</dt><dd>{outcome.counts.pruned}</dd>
			</dl>
			<table className="outcome-table" data-testid="outcome-nodes">
				<tbody>
					<tr><th>nodes</th><td>{outcome.nodes.total}</td></tr>
					<tr><th>open</th><td>{outcome.nodes.open}</td></tr>
					{terminalReasons.filter(reason => outcome.nodes.byReason[reason] > 0).map(reason => (
						<tr key={reason}><th>{reasonLabels[reason]}</th><td>{outcome.nodes.byReason[reason]}</td></tr>
					))}
				</tbody>
			</table>
			<h3>Work</h3>
			<table className="outcome-table" data-testid="outcome-time">
				<tbody>
					<tr><th>tokens generated</th><td>{figure(outcome.generatedTokens, 0)}</td></tr>
					{stages.map(([label, ms]) => <tr key={label}><th>{label}</th><td>{seconds(ms)}</td></tr>)}
					<tr><th>total</th><td>{seconds(outcome.timeMs.total)}</td></tr>
				</tbody>
			</table>
		</section>
	);
}
