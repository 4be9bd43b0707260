import {useState} from 'react';
import type {ApiEventPayload} from '../../src-main/contract/api';
import {useApiEvents} from '../api/ApiContext';

const keep = 200;

/** The main side's log, pushed as events; the newest line shows, the rest on demand. */
export function LogPanel() {
	const [lines, setLines] = useState<ApiEventPayload<'log.written'>[]>([]);
	const [open, setOpen] = useState(false);
	useApiEvents(message => {
		if (message.event === 'log.written')
			setLines(previous => [...previous.slice(-(keep - 1)), message.payload]);
	});
	const last = lines.at(-1);

	return (
		<footer className={open ? 'log open' : 'log'}>
			<button type="button" className="log-toggle" onClick={() => setOpen(!open)} aria-expanded={open}>
				Log ({lines.length})
			</button>
			{open
				? <ol className="log-lines">{lines.map((line, i) => <li key={i} className={`log-${line.level}`}>{line.at.slice(11, 19)} {line.message}</li>)}</ol>
				: <span className={last ? `log-last log-${last.level}` : 'log-last'}>{last?.message ?? 'no messages yet'}</span>}
		</footer>
	);
}
