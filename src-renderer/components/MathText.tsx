import katex from 'katex';
import {useLayoutEffect, useMemo, useRef} from 'react';
import {defaultMathBudget, splitMath} from '../lib/splitMath';

/**
 * Problem or model text with its TeX typeset. Prose is rendered as React text nodes; math is built by KaTeX as DOM
 * nodes (`katex.render`, no HTML strings), with `trust: false` so no TeX command can add links or raw HTML. Math past
 * the field's typesetting budget (`defaultMathBudget`) is shown as its source, with a note saying so.
 */
export function MathText({text, className}: {text: string; className?: string}) {
	const {segments, untypeset} = useMemo(() => splitMath(text), [text]);
	return (
		<span className={className}>
			{segments.map((segment, i) => segment.kind === 'text'
				? <span key={i} className="prose">{segment.text}</span>
				: <TeX key={i} tex={segment.tex} display={segment.display}/>)}
			{untypeset > 0 && (
				<span className="muted tex-budget" data-testid="tex-budget">
					{' '}({untypeset.toLocaleString('en-US')} more math expression{untypeset === 1 ? '' : 's'} shown as source: this field is over the typesetting budget of {defaultMathBudget.maxExpressions} expressions or {defaultMathBudget.maxTexChars.toLocaleString('en-US')} characters of TeX)
				</span>
			)}
		</span>
	);
}

/** One TeX expression; shown as its source, marked, when KaTeX cannot parse it. */
export function TeX({tex, display = false}: {tex: string; display?: boolean}) {
	const ref = useRef<HTMLSpanElement>(null);
	useLayoutEffect(() => {
		const element = ref.current;
		if (!element)
			return;
		try {
			katex.render(tex, element, {displayMode: display, throwOnError: true, trust: false, strict: 'ignore', maxExpand: 1000, maxSize: 50});
			element.classList.remove('tex-error');
			element.removeAttribute('title');
		} catch (error) {
			element.textContent = tex;
			element.classList.add('tex-error');
			element.title = (error as Error).message;
		}
	}, [tex, display]);
	return <span ref={ref} className={display ? 'tex tex-display' : 'tex'}/>;
}
