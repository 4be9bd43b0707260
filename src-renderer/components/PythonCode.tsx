import {useMemo} from 'react';
import {highlightPython} from '../lib/highlightPython';

/** Python, syntax-highlighted: each token a React text node in a span classed by its kind (never HTML). */
export function PythonCode({code, className}: {code: string; className?: string}) {
	const tokens = useMemo(() => highlightPython(code), [code]);
	return (
		<pre className={className ? `python ${className}` : 'python'}>
			<code>{tokens.map((token, i) => token.kind === 'plain' ? token.text : <span key={i} className={`py-${token.kind}`}>{token.text}</span>)}</code>
		</pre>
	);
}
