import {useEffect, useState} from 'react';
import type {Problem} from '../../../src-main/contract/datasets';
import {useApi} from '../../api/ApiContext';
import {MathText, TeX} from '../../components/MathText';

/** One problem: a link that opens it on the Search page, the question with its LaTeX typeset, the accepted answers, and every other field of the source row. */
export function ProblemView({id}: {id: number}) {
	const api = useApi();
	const [problem, setProblem] = useState<Problem | null>(null);
	const [error, setError] = useState<string | null>(null);
	useEffect(() => {
		let current = true;
		setProblem(null);
		api.call('problem.get', {id}).then(
			result => current && setProblem(result),
			(failure: Error) => current && setError(failure.message)
		);
		return () => {
			current = false;
		};
	}, [api, id]);

	if (error)
		return <p className="error" role="alert">{error}</p>;
	if (!problem)
		return <p className="muted">loading…</p>;

	const extra = Object.entries(problem.meta);
	return (
		<article className="problem-view" data-testid="problem-view">
			<header>
				<h2>{problem.datasetName} · #{problem.sourceIndex ?? problem.ordinal}</h2>
				{(problem.level || problem.subject) && <p className="muted">{[problem.level, problem.subject].filter(Boolean).join(' · ')}</p>}
				<a className="button-link" href={`#/search?problem=${problem.id}`}>Search this problem</a>
			</header>
			<h3>Question</h3>
			<div className="question"><MathText text={problem.question}/></div>
			<h3>Answer{problem.answers.length > 1 ? 's (any is accepted)' : ''}</h3>
			{problem.answers.length === 0
				? <p className="warn">No ground truth: this problem has no answer to check against.</p>
				: <ul className="answers">{problem.answers.map((answer, i) => <li key={i}><TeX tex={answer}/> <code className="raw">{answer}</code></li>)}</ul>}
			{extra.length > 0 && (
				<>
					<h3>Other fields</h3>
					<dl className="facts">
						{extra.map(([key, value]) => (
							<div key={key}><dt>{key}</dt><dd><pre>{typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre></dd></div>
						))}
					</dl>
				</>
			)}
		</article>
	);
}
