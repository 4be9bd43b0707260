import {pathTo, trajectoryProgram, type SearchSummary} from '../../../src-main/contract/search';
import {MathText} from '../../components/MathText';
import {PythonCode} from '../../components/PythonCode';
import {nodeKind, nodeKindLabels, type TreeSource} from '../../lib/treeView';
import {stepComment} from './stepParts';

const number = (value: number | null, digits = 3) => value === null ? '—' : value.toFixed(digits);

/**
 * One step of the tree, as it stood at the replay's point: its comment and code, what running the trajectory printed
 * (or its error), its answer and verdict, the search statistics, and the whole trajectory from the question.
 */
export function NodePanel({search, source, id}: {search: SearchSummary; source: TreeSource; id: number}) {
	const node = source.nodes[id]!;
	const state = source.state(id);
	const path = pathTo(source.nodes, id);
	const kind = nodeKind(state);
	const comment = stepComment(node);
	const isRoot = node.parentId === null;

	return (
		<article className="node-panel" data-testid="node-panel">
			<header>
				<h2>{isRoot ? 'Question (root)' : `Step #${id}`}</h2>
				<span className={`kind kind-${kind}`} data-testid="node-kind">{nodeKindLabels[kind]}</span>
				{!state.exists && <span className="badge">not created yet at this point</span>}
				{!isRoot && <a className="button-link label-steps-link" href={`#/pairs?tab=labels&search=${search.id}&leaf=${id}`}>Label steps</a>}
			</header>
			<dl className="facts stats">
				<dt>Q</dt><dd data-testid="node-q">{number(state.q)}</dd>
				<dt>visits</dt><dd data-testid="node-visits">{state.visits}</dd>
				<dt>PPM score</dt><dd>{number(state.ppm)}</dd>
				<dt>UCT at last selection</dt><dd>{number(state.uct)}</dd>
				<dt>depth</dt><dd>{node.depth}</dd>
				{!isRoot && <><dt>rollout</dt><dd>{node.rollout}</dd></>}
				{node.stopReason && <><dt>stopped by</dt><dd>{node.stopReason}</dd></>}
			</dl>

			{isRoot
				? <div className="question"><MathText text={search.question}/></div>
				: (
					<>
						{comment && <><h3>Comment</h3><p className="comment">{comment}</p></>}
						<h3>{node.code ? 'Code' : 'Step text'}</h3>
						{node.code ? <div data-testid="node-code"><PythonCode code={node.code}/></div> : <pre className="step-text">{node.text}</pre>}
						{node.code && (
							<>
								<h3>{node.error ? 'Error' : 'Output'}</h3>
								{!state.executed
									? <p className="muted">not executed yet at this point</p>
									: node.error
										? <pre className="exec-error" data-testid="node-error">{node.error}</pre>
										: <pre className="exec-output" data-testid="node-output">{node.output || '(printed nothing)'}</pre>}
							</>
						)}
						{node.finalAnswer !== null && (
							<>
								<h3>Final answer</h3>
								<p className="final-answer">
									<MathText text={`$${node.finalAnswer}$`}/>
									{' '}{state.correct === null ? <span className="muted">(no ground truth to check)</span>
										: state.correct ? <span className="correct">correct</span> : <span className="error">wrong</span>}
								</p>
							</>
						)}
					</>
				)}

			{!isRoot && (
				<details className="trajectory" open>
					<summary>Trajectory from the root ({path.length - 1} step{path.length === 2 ? '' : 's'})</summary>
					<div className="question"><MathText text={search.question}/></div>
					<ol>
						{path.slice(1).map(step => <li key={step.id}><pre className="step-text">{step.text}</pre></li>)}
					</ol>
					<h3>Code as executed</h3>
					<PythonCode code={trajectoryProgram(path) || '# no code on this path'}/>
				</details>
			)}
		</article>
	);
}
