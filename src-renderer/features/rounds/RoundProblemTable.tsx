import {useVirtualizer} from '@tanstack/react-virtual';
import {useRef} from 'react';
import type {RoundProblem} from '../../../src-main/contract/rounds';

const rowHeight = 30;

/** Whether a right answer was reached: known once found, or once the search is over; a search under way has not failed yet. */
const found = (problem: RoundProblem) => problem.found === true || (problem.found === false && problem.status === 'done') ? problem.found : null;

/**
 * The pool's problems with their searches, virtualised (only the visible rows exist in the DOM): a problem with a
 * search links to it in the Search page.
 */
export function RoundProblemTable({problems}: {problems: readonly RoundProblem[]}) {
	const scroller = useRef<HTMLDivElement>(null);
	const virtualizer = useVirtualizer({count: problems.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 12});
	return (
		<div className="round-problems" role="table" aria-label="Pool problems" aria-rowcount={problems.length}>
			<div className="round-problem head" role="row">
				<span role="columnheader">#</span>
				<span role="columnheader">Level</span>
				<span role="columnheader">Question</span>
				<span role="columnheader">Status</span>
				<span role="columnheader" title="A right answer was reached">Right answer</span>
				<span role="columnheader">Rollouts</span>
				<span role="columnheader">Nodes</span>
			</div>
			<div ref={scroller} className="round-problems-body">
				<div style={{height: virtualizer.getTotalSize(), position: 'relative'}}>
					{virtualizer.getVirtualItems().map(item => {
						const problem = problems[item.index]!;
						const cells = (
							<>
								<span className="muted">{item.index + 1}</span>
								<span>{problem.level ?? ''}</span>
								<span title={problem.question}>{problem.question}</span>
								<span className={`status-${problem.status}`}>{problem.status}</span>
								<span className={found(problem) === null ? 'muted' : found(problem) ? 'correct' : 'error'}>{found(problem) === null ? '—' : found(problem) ? 'yes' : 'no'}</span>
								<span>{problem.completedRollouts}</span>
								<span>{problem.nodes}</span>
							</>
						);
						const style = {transform: `translateY(${item.start}px)`, height: rowHeight};
						return problem.searchId === null
							? <div key={item.key} role="row" aria-rowindex={item.index + 2} className="round-problem" style={style} data-testid="round-problem">{cells}</div>
							: <a key={item.key} role="row" aria-rowindex={item.index + 2} className="round-problem linked" style={style} data-testid="round-problem"
								href={`#/search?id=${problem.searchId}`} title={`Open search #${problem.searchId} in the Search page`}>{cells}</a>;
					})}
				</div>
			</div>
		</div>
	);
}
