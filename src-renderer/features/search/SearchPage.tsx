import {useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent} from 'react';
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
	/** A live tree is refitted as it grows until the user moves the view themselves. */
	const [autoFit, setAutoFit] = useState(true);
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
	// search it reports. `#/search?problem=N` picks problem N for a new search: the Datasets page's "Search this problem".
	useEffect(() => {
		const openFromHash = () => {
			const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
			const id = Number(params.get('id'));
			if (Number.isInteger(id) && id > 0)
				open(id);
			const problemId = Number(params.get('problem'));
			if (Number.isInteger(problemId) && problemId > 0)
				api.call('problem.get', {id: problemId}).then(problem => setTarget({kind: 'problem', problem}), (failure: Error) => setError(failure.message));
		};
		openFromHash();
		window.addEventListener('hashchange', openFromHash);
		return () => window.removeEventListener('hashchange', openFromHash);
	}, []);

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

	const select = (id: number) => {
		setSelected(id);
		canvas.current?.reveal(id);
	};
	const toggleCollapse = (id: number) => setCollapsed(previous => {
		const next = new Set(previous);
		if (!next.delete(id))
			next.add(id);
		return next;
	});

	const onKeyDown = (event: KeyboardEvent) => {
		if (!replay || !view || (event.target as HTMLElement).closest('input, select, textarea'))
			return;
		const direction = arrowKeys[event.key];
		const handled = direction ? () => select(neighbour(view, replay.nodes, selected ?? 0, direction))
			: event.key === 'Enter' || event.key === ' ' ? () => selected !== null && toggleCollapse(selected)
				: event.key === 'f' ? () => canvas.current?.fit()
					: event.key === ',' ? () => seek(at - 1)
						: event.key === '.' ? () => seek(at + 1)
							: event.key === 'p' ? () => setPlaying(!playing)
								: event.key === 'Home' ? () => seek(0)
									: event.key === 'End' ? () => seek(total)
										: null;
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
			void canvas.current?.png().then(blob => saveFile(`${name}.png`, blob));
		else if (format === 'svg')
			saveFile(`${name}.svg`, treeSvg(replay, view, positions), 'image/svg+xml');
		else if (format === 'json')
			saveFile(`${name}.json`, treeJson(search, replay, at));
		else
			saveFile(`${name}.rstar.json`, rstarTagTree(search, replay));
	};

	// A queued search waits for a slot on its model; it can be stopped like a running one.
	const running = search?.status === 'running' || search?.status === 'queued';
	return (
		<div className="search-page">
			<aside className="search-side">
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
				{target && <><h3>Past searches</h3><SearchHistory searches={history} openId={searchId} onOpen={open} onLoadSettings={setRecall}/></>}
			</aside>

			<section className="search-main" onKeyDown={onKeyDown} tabIndex={0} aria-label="Trajectory tree">
				{!replay || !search || !view || !positions
					? <p className="muted empty">{searchId === null ? 'Pick a problem and run a search, or open a past one.' : 'loading…'}</p>
					: (
						<>
							<div className="tree-toolbar">
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
								<button type="button" onClick={() => canvas.current?.fit()}>Fit</button>
								{selected !== null && <button type="button" onClick={() => toggleCollapse(selected)}>{collapsed.has(selected) ? 'Expand' : 'Collapse'} #{selected}</button>}
								<span className="export">export
									<button type="button" onClick={() => exportAs('png')}>PNG</button>
									<button type="button" onClick={() => exportAs('svg')}>SVG</button>
									<button type="button" onClick={() => exportAs('json')}>JSON</button>
									<button type="button" onClick={() => exportAs('rstar')}>rStar JSON</button>
								</span>
							</div>
							<TreeLegend/>
							<TreeCanvas key={search.id} ref={canvas} source={replay} view={view} positions={positions} best={best} marks={marks}
								matches={matches} selected={selected} onSelect={select} onUserViewport={() => setAutoFit(false)}/>
							<ReplayBar index={at} total={total} rollouts={search.completedRollouts} current={replay.currentEvent}
								unit={search.settings.mode === 'beam' ? 'depth' : 'rollout'} playing={playing} onPlayingChange={setPlaying} onSeek={seek}
								onJumpToRollout={rollout => seek(replay.rolloutStart(rollout) + 1)}/>
						</>
					)}
			</section>

			<aside className="search-detail">
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
		</div>
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
