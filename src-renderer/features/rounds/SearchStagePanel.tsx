import type {RoundProblem} from '../../../src-main/contract/rounds';
import {percent} from '../../lib/format';
import {RoundProblemTable} from './RoundProblemTable';
import {useRoundProblems} from './useRoundProblems';

/** Counts of the batch so far, and per level: problems searched with a ground truth, and those a right answer was reached in. */
function tally(problems: readonly RoundProblem[]) {
	const byLevel = new Map<string, {problems: number; searched: number; found: number}>();
	let done = 0, solved = 0, failed = 0, running = 0;
	for (const problem of problems) {
		const level = byLevel.get(problem.level ?? '(none)') ?? {problems: 0, searched: 0, found: 0};
		byLevel.set(problem.level ?? '(none)', level);
		level.problems++;
		done += problem.status === 'done' ? 1 : 0;
		failed += problem.status === 'failed' ? 1 : 0;
		running += problem.status === 'running' || problem.status === 'queued' ? 1 : 0;
		if (problem.status === 'done' && problem.found !== null) {
			level.searched++;
			level.found += problem.found ? 1 : 0;
			solved += problem.found ? 1 : 0;
		}
	}
	return {done, solved, failed, running, byLevel: [...byLevel].sort(([a], [b]) => a.localeCompare(b))};
}

/** The search stage live: problems done / solved / failed, the solve rate per level so far, and the pool's table. */
export function SearchStagePanel({roundId, live}: {roundId: number; live: boolean}) {
	const {problems, error} = useRoundProblems(roundId, live);
	if (error)
		return <p className="error" role="alert">{error}</p>;
	if (!problems)
		return <p className="muted">loading the pool…</p>;
	const counts = tally(problems);
	return (
		<div className="stage-panel search-stage">
			<p className="stage-figures" data-testid="search-counts">
				<span><strong>{counts.done}</strong> of {problems.length} done</span>
				<span><strong className="correct">{counts.solved}</strong> solved</span>
				<span><strong className={counts.failed > 0 ? 'error' : undefined}>{counts.failed}</strong> failed</span>
				{counts.running > 0 && <span><strong>{counts.running}</strong> searching</span>}
			</p>
			<table className="figures" aria-label="Solve rate per level so far">
				<thead><tr><th>Level</th><th>Problems</th><th>Searched</th><th>Right answer found</th></tr></thead>
				<tbody>
					{counts.byLevel.map(([level, rate]) => (
						<tr key={level}><td>{level}</td><td>{rate.problems}</td><td>{rate.searched}</td><td>{rate.searched === 0 ? '—' : `${rate.found} (${percent(rate.found / rate.searched)})`}</td></tr>
					))}
				</tbody>
			</table>
			<RoundProblemTable problems={problems}/>
		</div>
	);
}
