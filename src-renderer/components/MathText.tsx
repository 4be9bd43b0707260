import katex from 'katex';
import {useLayoutEffect, useMemo, useRef} from 'react';
import {splitMath} from '../lib/splitMath';

/**
 * Problem or model text with its TeX typeset. Prose is rendered as React text nodes; math is built by KaTeX as DOM
 * nodes (`katex.render`, no HTML strings), with `trust: false` so no TeX command can add links or raw HTML.
 */
export function MathText({text, className}: {text: string; className?: string}) {
	const segments = useMemo(() => splitMath(text), [text]);
	return (
		<span className={className}>
			{segments.map((segment, i) => segment.kind === 'text'
				? <span key={i} className="prose">{segment.text}</span>
				: <TeX key={i} tex={segment.tex} display={segment.display}/>)}
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
