import {useState} from 'react';
import type {ApiEventPayload, LogRef} from '../../src-main/contract/api';
import {useApiEvents} from '../api/ApiContext';

const keep = 200;

type LogLine = ApiEventPayload<'log.written'>;

/** Where a line's `ref` opens: a search on the Search page. */
function hrefOf(ref: LogRef): string {
	return `#/search?id=${ref.id}`;
}

/** A line's text, with a link to what it is about when it names something. */
function LineText({line}: {line: LogLine}) {
	return line.ref ? <a href={hrefOf(line.ref)} className="log-link">{line.message}</a> : <>{line.message}</>;
}

/** The main side's log, pushed as events; the newest line shows, the rest on demand. Lines about a search link to it. */
export function LogPanel() {
	const [lines, setLines] = useState<LogLine[]>([]);
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
				? <ol className="log-lines" aria-label="Log">{lines.map((line, i) => <li key={i} className={`log-${line.level}`}>{line.at.slice(11, 19)} <LineText line={line}/></li>)}</ol>
				: <span className={last ? `log-last log-${last.level}` : 'log-last'} data-testid="log-last">{last ? <LineText line={last}/> : 'no messages yet'}</span>}
		</footer>
	);
}
