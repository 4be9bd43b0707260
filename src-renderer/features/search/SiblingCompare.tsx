import {useMemo, useState} from 'react';
import {diffLines} from '../../lib/diffLines';
import type {TreeSource} from '../../lib/treeView';
import {stepDifference} from './stepParts';
import type {SearchPairs} from './useSearchPairs';

export interface SiblingCompareProps {
	source: TreeSource;
	id: number;
	pairs: SearchPairs;
	/** Who makes the pairs: kept by the page across steps (it starts as the user's name from the settings). */
	author: string;
	onAuthorChange(author: string): void;
}

/**
 * Two sibling steps side by side, their lines diffed, and a hand-made step-level preference pair from them: stored
 * with its provenance (search, nodes, Q values, who, when). Keyed by the selected step, so a new step starts afresh
 * (its author stays: the page holds it). The same pair twice is refused by the server, which names the pair it holds.
 */
export function SiblingCompare({source, id, pairs, author, onAuthorChange}: SiblingCompareProps) {
	const node = source.nodes[id]!;
	const siblings = source.nodes.filter(other => other.parentId === node.parentId && other.id !== id && source.state(other.id).exists);
	const [otherId, setOtherId] = useState<number | null>(siblings[0]?.id ?? null);
	const [note, setNote] = useState('');
	const [message, setMessage] = useState<{error: boolean; text: string} | null>(null);

	// The texts of two steps never change: a replay step re-renders this panel, but need not diff them again.
	const otherText = otherId === null ? undefined : source.nodes[otherId]?.text;
	const lines = useMemo(() => otherText === undefined ? [] : diffLines(node.text, otherText), [node.text, otherText]);

	if (node.parentId === null)
		return null;
	if (siblings.length === 0 || otherId === null)
		return <p className="muted">Step #{id} has no sibling to compare with.</p>;

	const other = source.nodes[otherId]!;
	const prefer = (chosenId: number, rejectedId: number) => {
		setMessage(null);
		pairs.create({chosenId, rejectedId, author, note}).then(pair => {
			setMessage({error: false, text: `Pair #${pair.id} stored: #${pair.chosenId} (Q ${pair.chosenQ.toFixed(3)}) preferred to #${pair.rejectedId} (Q ${pair.rejectedQ.toFixed(3)}).`});
		}, (failure: Error) => setMessage({error: true, text: failure.message}));
	};

	return (
		<section className="compare" data-testid="sibling-compare">
			<h3>Compare with a sibling</h3>
			<select value={otherId} onChange={event => setOtherId(Number(event.target.value))} aria-label="Sibling to compare">
				{siblings.map(sibling => <option key={sibling.id} value={sibling.id}>#{sibling.id} · Q {source.state(sibling.id).q.toFixed(2)} · {stepDifference(sibling, node)}</option>)}
			</select>
			<div className="diff">
				{[{step: node, side: 'removed'}, {step: other, side: 'added'}].map(({step, side}) => (
					<div key={step.id} className="diff-side">
						<div className="diff-head">#{step.id} · Q {source.state(step.id).q.toFixed(3)} · N {source.state(step.id).visits}</div>
						<pre>{lines.filter(line => line.kind === 'same' || line.kind === side).map((line, i) => (
							<span key={i} className={line.kind === 'same' ? 'diff-line' : `diff-line diff-${line.kind}`}>{line.text}{'\n'}</span>
						))}</pre>
					</div>
				))}
			</div>
			<div className="pair-form">
				<input type="text" placeholder="your name" value={author} onChange={event => onAuthorChange(event.target.value)} aria-label="Pair author"/>
				<input type="text" placeholder="note (optional)" value={note} onChange={event => setNote(event.target.value)} aria-label="Pair note"/>
				<button type="button" disabled={author.trim() === ''} onClick={() => prefer(node.id, other.id)}>Prefer #{node.id}</button>
				<button type="button" disabled={author.trim() === ''} onClick={() => prefer(other.id, node.id)}>Prefer #{other.id}</button>
			</div>
			{message && <p className={message.error ? 'error' : 'muted'} role={message.error ? 'alert' : 'status'}>{message.text}</p>}
		</section>
	);
}
