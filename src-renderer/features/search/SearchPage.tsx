import {useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent} from 'react';
import type {SearchSummary} from '../../../src-main/contract/search';
import {useApi, useApiEvents} from '../../api/ApiContext';
import {useSettings} from '../../api/useSettings';
import {saveFile} from '../../lib/saveFile';
import {rstarTagTree, treeJson, treeSvg} from '../../lib/treeExport';
import {layoutTree} from '../../lib/treeLayout';
import type {TreeReplay} from '../../lib/TreeReplay';
import {bestTrajectory, buildTreeView, findNodes, neighbour, noFilters, type Direction, type ViewFilters} from '../../lib/treeView';
import {NodePanel} from './NodePanel';
import {ReplayBar} from './ReplayBar';
import {PairList} from './PairList';
import {progressLabel} from './progressLabel';
import {SearchCompare} from './SearchCompare';
import {SearchForm, type SearchTarget} from './SearchForm';
import {SearchHistory} from './SearchHistory';
import {SearchOutcomeView} from './SearchOutcomeView';
import {SiblingCompare} from './SiblingCompare';
import {noMarks, TreeCanvas, type EventMarks, type TreeCanvasHandle} from './TreeCanvas';
import {TreeLegend} from './TreeLegend';
import {useSearchOutcome} from './useSearchOutcome';
import {useSearchPairs} from './useSearchPairs';
import {useSearchSession} from './useSearchSession';

const arrowKeys: Record<string, Direction> = {ArrowUp: 'parent', ArrowDown: 'child', ArrowLeft: 'previous-sibling', ArrowRight: 'next-sibling'};

/** The keys of the focused tree, as the `?` overlay lists them (letters either case). */
export const treeKeys: readonly [keys: string, does: string][] = [
	['↑ / ↓', 'parent / first child (brought into view, readable)'],
	['← / →', 'previous / next sibling'],
	['Enter or Space', 'collapse or expand the selected subtree'],
	['F', 'fit: the whole tree, or as much as can be read around the selection (the overview shows the rest)'],
	['W', 'the whole tree, however small'],
	['N', 'focus: the selected step’s path, siblings and children'],
	['+ / −', 'zoom in / out'],
	[', / .', 'replay: one event back / forward'],
	['P', 'replay: play or pause'],
	['Home / End', 'replay: first / last event'],
	['?', 'show or hide this list']
];

/** Side panel widths: resizable between these, in pixels. */
const panelWidth = {min: 200, max: 640} as const;
/** Below this window width the step panel starts folded, leaving the tree the room. Defaults to 1500 px. */
const wideWindow = 1500;

/**
 * Search: pick a problem and settings and run (left); watch the tree grow live, or step through a stored search's
 * replay (middle); open a step, compare it with a sibling and make a preference pair (right).
 */
export function SearchPage() {
	const api = useApi();
	const [target, setTarget] = useState<SearchTarget | null>(null);
	const [history, setHistory] = useState<SearchSummary[]>([]);
	const [searchId, setSearchId] = useState<number | null>(null);
	const [error, setError] = useState<string | null>(null);
	const {search, replay, error: loadError} = useSearchSession(searchId);
	const {settings, error: settingsError} = useSettings();
	/** A past search whose settings the form loads. */
	const [recall, setRecall] = useState<SearchSummary | null>(null);
	const pairs = useSearchPairs(searchId);
	/** The pairs' author: the user's name from the settings until changed here, then kept across steps. */
	const [author, setAuthor] = useState<string | null>(null);
	const finished = search !== null && search.status !== 'running' && search.status !== 'queued';
	const {outcome} = useSearchOutcome(finished ? search.id : null, search?.status);

	const [index, setIndex] = useState(0);
	/** At the end of the log and staying there as live events arrive. */
	const [follow, setFollow] = useState(true);
	const [playing, setPlaying] = useState(false);
	const [filters, setFilters] = useState<ViewFilters>(noFilters);
	const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
	const [query, setQuery] = useState('');
	const [selected, setSelected] = useState<number | null>(null);
	/** The step `#/search?id=N&node=M` names, selected once the search's nodes are loaded. */
	const [linkedNode, setLinkedNode] = useState<number | null>(null);
	/** A live tree is refitted as it grows until the user moves the view themselves. */
	const [autoFit, setAutoFit] = useState(true);
	const [keysShown, setKeysShown] = useState(false);
	const [withSelection, setWithSelection] = useState(false);
	const [sideOpen, setSideOpen] = useState(true);
	const [detailOpen, setDetailOpen] = useState(() => window.innerWidth >= wideWindow);
	const [sideWidth, setSideWidth] = useState(() => window.innerWidth >= wideWindow ? 300 : 240);
	const [detailWidth, setDetailWidth] = useState(360);
	const canvas = useRef<TreeCanvasHandle>(null);

	const loadHistory = useCallback(() => {
		if (!target) {
			setHistory([]);
			return;
		}
		const filter = target.kind === 'problem' ? {problemId: target.problem.id} : {question: target.question};
		api.call('search.list', filter).then(setHistory, (failure: Error) => setError(failure.message));
	}, [api, target]);
	useEffect(loadHistory, [loadHistory]);
	useApiEvents(message => {
		if (message.event === 'search.finished')
			loadHistory();
	});

	const open = (id: number) => {
		setSearchId(id);
		setSelected(null);
		setCollapsed(new Set());
		setPlaying(false);
		setFollow(true);
		setAutoFit(true);
	};
	// `#/search?id=N` opens search N: the Rounds page links each problem of its pool to its search so, the log each
	// search it reports; `&node=M` also selects step M, as the Pairs page links a pair's steps. `#/search?problem=N`
	// picks problem N for a new search: the Datasets page's "Search this problem".
	useEffect(() => {
		const openFromHash = () => {
			const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
			const id = Number(params.get('id'));
			if (Number.isInteger(id) && id > 0) {
				open(id);
				const node = params.get('node');
				setLinkedNode(node !== null && Number.isInteger(Number(node)) ? Number(node) : null);
			}
			const problemId = Number(params.get('problem'));
			if (Number.isInteger(problemId) && problemId > 0)
				api.call('problem.get', {id: problemId}).then(problem => setTarget({kind: 'problem', problem}), (failure: Error) => setError(failure.message));
		};
		openFromHash();
		window.addEventListener('hashchange', openFromHash);
		return () => window.removeEventListener('hashchange', openFromHash);
	}, []);

	useEffect(() => {
		if (linkedNode !== null && replay?.nodes[linkedNode]) {
			setSelected(linkedNode);
			setLinkedNode(null);
		}
	}, [replay, linkedNode]);

	// The replay object is rebuilt when data arrives; keep its position (or follow the end).
	const total = replay?.events.length ?? 0;
	const at = follow ? total : Math.min(index, total);
	if (replay && replay.index !== at)
		replay.seek(at);

	const seek = useCallback((next: number) => {
		const clamped = Math.max(0, Math.min(total, next));
		setIndex(clamped);
		setFollow(clamped === total && search?.status === 'running');
	}, [total, search?.status]);

	const view = useMemo(() => replay ? buildTreeView(replay, filters, collapsed) : null,
		// `at` changes the replay's state in place.
		[replay, at, filters, collapsed]);
	const positions = useMemo(() => view ? layoutTree(view.children, 0) : null, [view]);
	const best = useMemo(() => replay ? bestTrajectory(replay) : [], [replay, at]);
	const matches = useMemo(() => new Set(replay ? findNodes(replay, query) : []), [replay, at, query]);
	const marks = useMemo(() => replay ? eventMarks(replay) : noMarks, [replay, at]);

	useEffect(() => {
		if (autoFit && follow && search?.status === 'running')
			canvas.current?.fit();
	}, [autoFit, follow, search?.status, view]);

	/** Selection by the keys or by a search hit: the node is brought into view at a readable zoom. */
	const select = (id: number) => {
		setSelected(id);
		canvas.current?.reveal(id);
	};
	/** A node folded or unfolded moves with the new layout: the view follows it once the layout is drawn. */
	const followAfterLayout = useRef<number | null>(null);
	const toggleCollapse = (id: number) => {
		followAfterLayout.current = id;
		setCollapsed(previous => {
			const next = new Set(previous);
			if (!next.delete(id))
				next.add(id);
			return next;
		});
	};
	useEffect(() => {
		if (followAfterLayout.current !== null)
			canvas.current?.reveal(followAfterLayout.current);
		followAfterLayout.current = null;
	}, [positions]);

	// The tree's keys, with the focus on the tree or on a button around it; fields keep their keys, and buttons their
	// Enter and Space.
	const onKeyDown = (event: KeyboardEvent) => {
		const target = event.target as HTMLElement;
		if (!replay || !view || target.closest('input, select, textarea') || event.ctrlKey || event.metaKey || event.altKey)
			return;
		const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
		if ((key === 'Enter' || key === ' ') && !target.classList.contains('tree-frame'))
			return;
		const direction = arrowKeys[key];
		const actions: Record<string, () => void> = {
			Enter: () => selected !== null && toggleCollapse(selected),
			' ': () => selected !== null && toggleCollapse(selected),
			f: () => canvas.current?.fit(),
			w: () => canvas.current?.whole(),
			n: () => selected !== null && canvas.current?.focusNeighbourhood(selected),
			'+': () => canvas.current?.zoomBy(1.5),
			'=': () => canvas.current?.zoomBy(1.5),
			'-': () => canvas.current?.zoomBy(1 / 1.5),
			',': () => seek(at - 1),
			'.': () => seek(at + 1),
			p: () => setPlaying(!playing),
			Home: () => seek(0),
			End: () => seek(total),
			'?': () => setKeysShown(!keysShown),
			Escape: () => setKeysShown(false)
		};
		const handled = direction ? () => select(neighbour(view, replay.nodes, selected ?? 0, direction)) : actions[key];
		if (handled) {
			event.preventDefault();
			handled();
		}
	};

	const exportAs = (format: 'png' | 'svg' | 'json' | 'rstar') => {
		if (!replay || !search || !view || !positions)
			return;
		const name = `search-${search.id}-event-${at}`;
		if (format === 'png')
			void canvas.current?.png(withSelection).then(blob => saveFile(`${name}.png`, blob));
		else if (format === 'svg')
			saveFile(`${name}.svg`, treeSvg(replay, view, positions, best), 'image/svg+xml');
		else if (format === 'json')
			saveFile(`${name}.json`, treeJson(search, replay, at));
		else
			saveFile(`${name}.rstar.json`, rstarTagTree(search, replay));
	};

	// A queued search waits for a slot on its model; it can be stopped like a running one.
	const running = search?.status === 'running' || search?.status === 'queued';
	const layout = {'--side-width': sideOpen ? `${sideWidth}px` : '0px', '--detail-width': detailOpen ? `${detailWidth}px` : '0px'} as CSSProperties;
	// DOM order is the Tab order: the form, then the tree (one Tab on), then its toolbar; the grid places them.
	return (
		<div className="search-page" style={layout}>
			<aside className="search-side" hidden={!sideOpen}>
				<h1>Search</h1>
				{/* The form starts from the search defaults: it waits for them (or, unreadable, starts without). */}
				{settings || settingsError
					? <SearchForm defaults={settings?.searchDefaults ?? {}} target={target} onTargetChange={next => {
						setTarget(next);
						setSearchId(null);
					}} recall={recall} running={running} onStarted={id => {
						setError(null);
						open(id);
						loadHistory();
					}} onStop={() => {
						if (searchId !== null)
							api.call('search.stop', {searchId}).catch((failure: Error) => setError(failure.message));
					}}/>
					: <p className="muted">loading the search defaults…</p>}
				{(error || loadError) && <p className="error" role="alert">{error ?? loadError}</p>}
			</aside>

			<section className="search-main" onKeyDown={onKeyDown} aria-label="Tree viewer">
				{!replay || !search || !view || !positions
					? <p className="muted empty">{searchId === null ? 'Pick a problem and run a search, or open a past one.' : 'loading…'}</p>
					: (
						<>
							<TreeCanvas key={search.id} ref={canvas} source={replay} view={view} positions={positions} best={best} marks={marks}
								matches={matches} selected={selected} onSelect={setSelected} onUserViewport={() => setAutoFit(false)} onHelp={() => setKeysShown(true)}/>
							{keysShown && <KeysOverlay onClose={() => setKeysShown(false)}/>}
						</>
					)}
				<div className="tree-toolbar">
					<button type="button" className="panel-toggle" onClick={() => setSideOpen(!sideOpen)} aria-expanded={sideOpen} title="Show or hide the search form">
						{sideOpen ? '◂ Form' : '▸ Form'}
					</button>
					{replay && search && view && positions && (
						<>
							<strong data-testid="search-status">#{search.id} · {search.status} · {progressLabel(search)}</strong>
							<label className="inline"><input type="checkbox" checked={filters.onlyCorrectPaths} onChange={event => setFilters({...filters, onlyCorrectPaths: event.target.checked})}/> correct paths only</label>
							<label className="inline">top-k
								<input type="number" min={0} max={64} value={filters.topK} onChange={event => setFilters({...filters, topK: Math.max(0, Number(event.target.value))})} aria-label="Top k children by Q"/>
							</label>
							<label className="inline"><input type="checkbox" checked={filters.hidePruned} onChange={event => setFilters({...filters, hidePruned: event.target.checked})}/> hide pruned</label>
							<label className="inline"><input type="checkbox" checked={filters.hideUnvisited} onChange={event => setFilters({...filters, hideUnvisited: event.target.checked})}/> hide unvisited</label>
							<input type="search" placeholder="find in steps" value={query} onChange={event => setQuery(event.target.value)} aria-label="Find in steps"
								onKeyDown={event => {
									if (event.key === 'Enter' && matches.size > 0) {
										const ids = [...matches];
										select(ids.find(id => id > (selected ?? -1)) ?? ids[0]!);
									}
								}}/>
							{query && <span className="muted">{matches.size} found</span>}
							{selected !== null && <button type="button" onClick={() => toggleCollapse(selected)}>{collapsed.has(selected) ? 'Expand' : 'Collapse'} #{selected}</button>}
							<span className="export">export
								<label className="inline" title="Draw the selected step's halo in the PNG"><input type="checkbox" checked={withSelection} onChange={event => setWithSelection(event.target.checked)}/> selection</label>
								<button type="button" onClick={() => exportAs('png')}>PNG</button>
								<button type="button" onClick={() => exportAs('svg')}>SVG</button>
								<button type="button" onClick={() => exportAs('json')}>JSON</button>
								<button type="button" onClick={() => exportAs('rstar')}>rStar JSON</button>
							</span>
						</>
					)}
					<button type="button" className="panel-toggle" onClick={() => setDetailOpen(!detailOpen)} aria-expanded={detailOpen} title="Show or hide the step panel">
						{detailOpen ? 'Step ▸' : 'Step ◂'}
					</button>
				</div>
				{replay && search && <TreeLegend/>}
				{replay && search && (
					<ReplayBar index={at} total={total} rollouts={search.completedRollouts} current={replay.currentEvent}
						unit={search.settings.mode === 'beam' ? 'depth' : 'rollout'} playing={playing} onPlayingChange={setPlaying} onSeek={seek}
						onJumpToRollout={rollout => seek(replay.rolloutStart(rollout) + 1)}/>
				)}
			</section>

			<aside className="search-past" hidden={!sideOpen || !target}>
				<h3>Past searches</h3>
				<SearchHistory searches={history} openId={searchId} onOpen={open} onLoadSettings={setRecall}/>
			</aside>

			<aside className="search-detail" hidden={!detailOpen}>
				{replay && search && selected !== null && replay.nodes[selected]
					? (
						<>
							<NodePanel search={search} source={replay} id={selected}/>
							<SiblingCompare key={selected} source={replay} id={selected} pairs={pairs} author={author ?? settings?.userName ?? ''} onAuthorChange={setAuthor}/>
						</>
					)
					: (
						<>
							<p className="muted">Click a node (or use the arrow keys) to see its step, code and output.</p>
							{outcome && <><h2>Outcome of #{outcome.searchId}</h2><SearchOutcomeView outcome={outcome}/></>}
							{search && <SearchCompare searches={history} openId={search.id}/>}
						</>
					)}
				{search && <PairList pairs={pairs} onSelect={select}/>}
			</aside>
			{sideOpen && <PanelSplitter label="Resize the search form" width={sideWidth} onWidth={setSideWidth} edge="left"/>}
			{detailOpen && <PanelSplitter label="Resize the step panel" width={detailWidth} onWidth={setDetailWidth} edge="right"/>}
		</div>
	);
}

/** The list of the tree's keys, over the tree; Escape, `?` or the button closes it. */
function KeysOverlay({onClose}: {onClose(): void}) {
	return (
		<div className="keys-overlay" role="dialog" aria-label="Keys of the tree">
			<table>
				<tbody>{treeKeys.map(([keys, does]) => <tr key={keys}><th>{keys}</th><td>{does}</td></tr>)}</tbody>
			</table>
			<p className="muted">Letters work in either case. Click the tree (or Tab to it from the form) to give it the keys; the wheel zooms about the pointer.</p>
			<button type="button" onClick={onClose}>Close</button>
		</div>
	);
}

/**
 * The draggable edge of a side panel (a pointer drag, or ←/→ by 16 px when focused); `edge` says which side of the
 * tree the panel is on, so which way a drag widens it.
 */
function PanelSplitter({label, width, onWidth, edge}: {label: string; width: number; onWidth(width: number): void; edge: 'left' | 'right'}) {
	const clamp = (next: number) => onWidth(Math.max(panelWidth.min, Math.min(panelWidth.max, Math.round(next))));
	const drag = (event: PointerEvent<HTMLDivElement>) => {
		const start = event.clientX;
		const from = width;
		const target = event.currentTarget;
		target.setPointerCapture(event.pointerId);
		const move = (moved: globalThis.PointerEvent) => clamp(from + (edge === 'left' ? 1 : -1) * (moved.clientX - start));
		const up = () => {
			target.removeEventListener('pointermove', move);
			target.removeEventListener('pointerup', up);
		};
		target.addEventListener('pointermove', move);
		target.addEventListener('pointerup', up);
	};
	return (
		<div className={`panel-splitter ${edge}`} role="separator" aria-orientation="vertical" aria-label={label} tabIndex={0}
			aria-valuenow={width} aria-valuemin={panelWidth.min} aria-valuemax={panelWidth.max} onPointerDown={drag}
			onKeyDown={event => {
				const step = event.key === 'ArrowRight' ? 16 : event.key === 'ArrowLeft' ? -16 : 0;
				if (step !== 0) {
					event.preventDefault();
					clamp(width + (edge === 'left' ? step : -step));
				}
			}}/>
	);
}

/** What the current event highlights on the tree. */
function eventMarks(replay: TreeReplay): EventMarks {
	const event = replay.currentEvent;
	return {
		path: replay.selectionPath,
		compared: new Map(event?.kind === 'select' ? event.siblings.map(sibling => [sibling.id, sibling.uct]) : []),
		arrived: new Set(event?.kind === 'expand' ? event.children : []),
		executed: event?.kind === 'execute' ? event.nodeId : null,
		backedUp: new Set(event?.kind === 'backup' ? event.path : [])
	};
}
