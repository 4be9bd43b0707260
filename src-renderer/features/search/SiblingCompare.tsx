import {useEffect, useMemo, useState} from 'react';
import type {PreferencePair} from '../../../src-main/contract/search';
import {useApi} from '../../api/ApiContext';
import {diffLines} from '../../lib/diffLines';
import type {TreeSource} from '../../lib/treeView';
import {stepTitle} from './stepParts';

/**
 * Two sibling steps side by side, their lines diffed, and a hand-made step-level preference pair from them: stored
 * with its provenance (search, nodes, Q values, who, when). Keyed by the selected step, so a new step starts afresh;
 * its author starts as the user's name from the settings.
 */
export function SiblingCompare({searchId, source, id, userName}: {searchId: number; source: TreeSource; id: number; userName: string}) {
	const api = useApi();
	const node = source.nodes[id]!;
	const siblings = source.nodes.filter(other => other.parentId === node.parentId && other.id !== id && source.state(other.id).exists);
	const [otherId, setOtherId] = useState<number | null>(siblings[0]?.id ?? null);
	const [author, setAuthor] = useState(userName);
	const [note, setNote] = useState('');
	const [pairs, setPairs] = useState<PreferencePair[]>([]);
	const [message, setMessage] = useState<{error: boolean; text: string} | null>(null);

	useEffect(() => {
		api.call('pair.list', {searchId}).then(setPairs, (failure: Error) => setMessage({error: true, text: failure.message}));
	}, [api, searchId]);
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
		api.call('pair.create', {searchId, chosenId, rejectedId, author, note}).then(pair => {
			setPairs(previous => [...previous, pair]);
			setMessage({error: false, text: `Pair #${pair.id} stored: #${pair.chosenId} (Q ${pair.chosenQ.toFixed(3)}) preferred to #${pair.rejectedId} (Q ${pair.rejectedQ.toFixed(3)}).`});
		}, (failure: Error) => setMessage({error: true, text: failure.message}));
	};

	return (
		<section className="compare" data-testid="sibling-compare">
			<h3>Compare with a sibling</h3>
			<select value={otherId} onChange={event => setOtherId(Number(event.target.value))} aria-label="Sibling to compare">
				{siblings.map(sibling => <option key={sibling.id} value={sibling.id}>#{sibling.id} · Q {source.state(sibling.id).q.toFixed(2)} · {stepTitle(sibling)}</option>)}
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
				<input type="text" placeholder="your name" value={author} onChange={event => setAuthor(event.target.value)} aria-label="Pair author"/>
				<input type="text" placeholder="note (optional)" value={note} onChange={event => setNote(event.target.value)} aria-label="Pair note"/>
				<button type="button" disabled={author.trim() === ''} onClick={() => prefer(node.id, other.id)}>Prefer #{node.id}</button>
				<button type="button" disabled={author.trim() === ''} onClick={() => prefer(other.id, node.id)}>Prefer #{other.id}</button>
			</div>
			{message && <p className={message.error ? 'error' : 'muted'} role={message.error ? 'alert' : 'status'}>{message.text}</p>}
			{pairs.length > 0 && <p className="muted">{pairs.length} hand-made pair{pairs.length === 1 ? '' : 's'} from this search (the curation queue comes with the Pairs page).</p>}
		</section>
	);
}
