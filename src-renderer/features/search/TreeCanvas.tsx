import cytoscape from 'cytoscape';
import {forwardRef, useEffect, useImperativeHandle, useRef, useState} from 'react';
import {pathTo} from '../../../src-main/contract/search';
import {nodeSize, qColor} from '../../lib/qColor';
import {layoutBounds} from '../../lib/treeLayout';
import {nodeKind, nodeKindLabels, nodeKindMarks, visibleIds, type SubtreeSummary, type TreeSource, type TreeView} from '../../lib/treeView';
import {TreeMinimap, type Extent} from './TreeMinimap';

/** What the current replay event puts on the tree. */
export interface EventMarks {
	/** The current rollout's selection path (or the last backup's path), root first. */
	path: readonly number[];
	/** Siblings compared by the current selection, with their UCT. */
	compared: ReadonlyMap<number, number>;
	/** Children that have just arrived with an expansion. */
	arrived: ReadonlySet<number>;
	/** The node whose code has just run. */
	executed: number | null;
	/** The path a backup has just updated. */
	backedUp: ReadonlySet<number>;
}

export const noMarks: EventMarks = {path: [], compared: new Map(), arrived: new Set(), executed: null, backedUp: new Set()};

export interface TreeCanvasProps {
	source: TreeSource;
	view: TreeView;
	positions: {x: Float64Array; y: Float64Array};
	best: readonly number[];
	marks: EventMarks;
	matches: ReadonlySet<number>;
	selected: number | null;
	onSelect(id: number): void;
	/** The user panned or zoomed the view (dragging, the wheel, a pinch, the zoom buttons). */
	onUserViewport(): void;
	/** Show the list of keys. */
	onHelp(): void;
}

export interface TreeCanvasHandle {
	/**
	 * The whole visible tree in view if it can be read so (zoom ≥ `legibleZoom`); otherwise as much of it as can be,
	 * at that zoom, around the selected node, else the best trajectory's answer, else the root.
	 */
	fit(): void;
	/** The whole visible tree in view, however small. */
	whole(): void;
	/** Zooms by `factor` about the centre of the view. */
	zoomBy(factor: number): void;
	/** Centres a node, zooming in to at least `readableZoom` so it can be read. */
	reveal(id: number): void;
	/** The node's path from the root, its siblings and its children in view, at a readable zoom. */
	focusNeighbourhood(id: number): void;
	/** The tree as drawn, at most `pngMaxSide` pixels on its long side; the selection's halo only when asked. */
	png(withSelection: boolean): Promise<Blob>;
}

/** The zoom at which the smallest node (14 px) is drawn at full size: where keyboard selection takes the view. */
export const readableZoom = 1;
/** The least zoom Fit goes to: the smallest node 7 px, a well-visited one 20 px and more. */
export const legibleZoom = 0.5;
/**
 * Steps' first lines appear under their nodes from this zoom on (4-unit text, not drawn below 9 rendered pixels),
 * where neighbouring leaves (34 units apart) leave them room.
 */
export const captionZoom = 2.25;
/** The long side of an exported PNG, at most. */
export const pngMaxSide = 4096;
/** Trees with more visible nodes than this get an overview in the corner. */
export const minimapThreshold = 300;
/** Zoom per pixel of wheel travel: a 100-pixel notch is 1.26×, so 30 notches cover the whole range. */
const wheelZoomPerPixel = 2 ** (1 / 300);
/** Model units around the tree's outermost node centres: the largest node's radius and its halo. */
const treeMargin = 42;

/** Q is drawn in 21 steps of 0.1 and size in steps of log2 visits: classes, not data mappers, so cytoscape can share
 * one computed style among all nodes alike (mappers are computed per node, which dominates drawing 5,000 nodes). */
const qStep = (q: number) => Math.round((Math.max(-1, Math.min(1, Number.isFinite(q) ? q : 0)) + 1) * 10);
const sizeStep = (visits: number) => Math.min(16, Math.round(Math.log2(1 + visits)));

const style: cytoscape.StylesheetJson = [
	{selector: 'node', style: {width: 14, height: 14, 'border-width': 2}},
	...Array.from({length: 21}, (_, step) => ({selector: `node.q${step}`, style: {'background-color': qColor(step / 10 - 1)}})),
	...Array.from({length: 17}, (_, step) => ({selector: `node.s${step}`, style: {width: nodeSize(2 ** step - 1), height: nodeSize(2 ** step - 1)}})),
	...Object.entries(nodeKindMarks).map(([kind, {shape, border}]) => ({selector: `node.k-${kind}`, style: {shape, 'border-color': border}})),
	{selector: 'node.k-exhausted', style: {'border-style': 'dashed'}},
	// A step's first line, drawn once the view is zoomed in enough to read it (set lazily, see `caption`).
	{selector: 'node[caption]', style: {
		label: 'data(caption)', 'font-size': 4, 'min-zoomed-font-size': 9, 'text-valign': 'bottom', 'text-margin-y': 1.5,
		'text-max-width': '32px', 'text-wrap': 'ellipsis', color: '#4b5563'
	}},
	{selector: 'node.labelled', style: {
		label: 'data(label)', 'font-size': 11, 'text-valign': 'top', 'text-margin-y': -4, 'min-zoomed-font-size': 7, color: '#1d2330',
		'text-background-color': '#ffffff', 'text-background-opacity': 0.8, 'text-background-padding': '1px'
	}},
	{selector: 'node.best, node.on-path, node.backed-up, node.match, node.selected-node', style: {'underlay-shape': 'ellipse', 'overlay-shape': 'ellipse'}},
	{selector: 'node.collapsed', style: {'border-width': 5, 'border-style': 'double'}},
	{selector: 'node.best', style: {'underlay-color': '#f2b705', 'underlay-opacity': 0.55, 'underlay-padding': 5}},
	{selector: 'node.on-path', style: {'underlay-color': '#3559d6', 'underlay-opacity': 0.35, 'underlay-padding': 6}},
	{selector: 'node.arrived', style: {'border-color': '#7c3aed', 'border-width': 5}},
	{selector: 'node.executed', style: {'border-color': '#0891b2', 'border-width': 6}},
	// Only the path a backup updates animates its Q and visit changes: transitions on every node would animate a
	// whole jump, thousands of nodes at once.
	{selector: 'node.backed-up', style: {
		'underlay-color': '#ea580c', 'underlay-opacity': 0.5, 'underlay-padding': 7,
		'transition-property': 'background-color, width, height', 'transition-duration': 300
	}},
	{selector: 'node.match', style: {'overlay-color': '#c026d3', 'overlay-opacity': 0.35, 'overlay-padding': 6}},
	{selector: 'node.selected-node', style: {'underlay-color': '#111827', 'underlay-opacity': 0.7, 'underlay-padding': 8}},
	{selector: 'node.hidden, edge.hidden', style: {display: 'none'}},
	// Haystack edges are the cheapest cytoscape draws: straight, no arrows, no endpoint geometry.
	{selector: 'edge', style: {width: 1.5, 'line-color': '#b8bfcc', 'curve-style': 'haystack', 'haystack-radius': 0}},
	{selector: 'edge.best', style: {width: 4, 'line-color': '#f2b705'}},
	{selector: 'edge.on-path', style: {width: 4, 'line-color': '#3559d6'}},
	{selector: 'edge.backed-up', style: {width: 4, 'line-color': '#ea580c'}}
] as cytoscape.StylesheetJson;

/** Per node, what was last written to cytoscape, so an update touches only what changed. */
interface Applied {
	element: cytoscape.NodeSingular;
	edge: cytoscape.EdgeSingular | null;
	classes: string;
	edgeClasses: string;
	label: string;
	/** The step's first line is set (done lazily, for the nodes a zoomed-in view shows). */
	caption: boolean;
	x: number;
	y: number;
}

/** What the pointer rests on. */
interface Hover {
	id: number;
	x: number;
	y: number;
}

/**
 * The trajectory tree in cytoscape: positions from our layout (preset), colour by Q, size by visits, shape and border
 * by kind, marks for the best trajectory, the current replay event, search hits and the selection. Elements are
 * created once per node and then only updated where something changed, so a replay step costs what it changes.
 * Around it: zoom buttons, a tooltip on hover, the steps' first lines when zoomed in, and an overview for large trees.
 * The element is focusable (a click on the tree focuses it) and reports its zoom and the selected node's rendered box
 * in `data-` attributes.
 */
export const TreeCanvas = forwardRef<TreeCanvasHandle, TreeCanvasProps>(function TreeCanvas(props, handle) {
	const frame = useRef<HTMLDivElement>(null);
	const container = useRef<HTMLDivElement>(null);
	const cy = useRef<cytoscape.Core | null>(null);
	const applied = useRef<Applied[]>([]);
	const fitted = useRef(false);
	const [hover, setHover] = useState<Hover | null>(null);
	const [extent, setExtent] = useState<Extent | null>(null);
	// Listeners registered once read the current props (the callbacks change every render).
	const latest = useRef(props);
	latest.current = props;

	useEffect(() => {
		const core = cytoscape({
			container: container.current, style, layout: {name: 'preset'}, minZoom: 0.001, maxZoom: 4, pixelRatio: 1,
			// Large trees stay smooth: pan and zoom move a cached bitmap and skip edges while moving.
			textureOnViewport: true, hideEdgesOnViewport: true, boxSelectionEnabled: false, autoungrabify: true
		});
		core.on('tap', 'node', event => latest.current.onSelect(Number(event.target.id())));
		core.on('dragpan pinchzoom', () => latest.current.onUserViewport());
		core.on('mouseover', 'node', event => {
			const {x, y} = event.renderedPosition;
			setHover({id: Number(event.target.id()), x, y});
		});
		core.on('mouseout', 'node', () => setHover(null));
		// One update a frame however many viewport events: the attributes, the overview's frame and the captions.
		let pending = 0;
		core.on('viewport', () => {
			setHover(null);
			if (pending === 0)
				pending = requestAnimationFrame(() => {
					pending = 0;
					setExtent(core.extent());
					caption(core, applied.current, latest.current);
				});
		});
		// The wheel zooms about the pointer by a fixed factor per pixel (cytoscape's own step is tiny at this range);
		// captured here, before cytoscape's listener on the container below.
		const wheel = (event: WheelEvent) => {
			event.preventDefault();
			event.stopPropagation();
			const pixels = event.deltaY * (event.deltaMode === WheelEvent.DOM_DELTA_LINE ? 33 : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? 600 : 1);
			const box = container.current!.getBoundingClientRect();
			core.zoom({level: clampZoom(core, core.zoom() * wheelZoomPerPixel ** -pixels), renderedPosition: {x: event.clientX - box.left, y: event.clientY - box.top}});
			latest.current.onUserViewport();
		};
		const host = frame.current!;
		host.addEventListener('wheel', wheel, {capture: true, passive: false});
		// A click or drag on the tree gives it the keys; on release, since cytoscape blurs the focus on every press.
		const focus = (event: globalThis.PointerEvent) => {
			if (container.current?.contains(event.target as Node))
				host.focus({preventScroll: true});
		};
		host.addEventListener('pointerup', focus, {capture: true});
		// The page's panels resize the tree without resizing the window: cytoscape only watches the window.
		const resized = new ResizeObserver(() => core.resize());
		resized.observe(container.current!);
		cy.current = core;
		return () => {
			cancelAnimationFrame(pending);
			resized.disconnect();
			host.removeEventListener('wheel', wheel, {capture: true});
			host.removeEventListener('pointerup', focus, {capture: true});
			core.destroy();
			cy.current = null;
			applied.current = [];
			fitted.current = false;
		};
	}, []);

	const controls: TreeCanvasHandle = {
		fit: () => cy.current && fitView(cy.current, latest.current, legibleZoom),
		whole: () => cy.current && fitView(cy.current, latest.current, 0),
		zoomBy: factor => {
			const core = cy.current;
			if (!core)
				return;
			core.zoom({level: clampZoom(core, core.zoom() * factor), renderedPosition: {x: core.width() / 2, y: core.height() / 2}});
			latest.current.onUserViewport();
		},
		reveal: id => {
			const core = cy.current;
			const {positions} = latest.current;
			if (!core || !Number.isFinite(positions.x[id]))
				return;
			const zoom = clampZoom(core, Math.max(core.zoom(), readableZoom));
			core.stop();
			core.animate({zoom, pan: {x: core.width() / 2 - zoom * positions.x[id]!, y: core.height() / 2 - zoom * positions.y[id]!}}, {duration: 200});
		},
		focusNeighbourhood: id => {
			const core = cy.current;
			const {source, view, positions} = latest.current;
			if (!core || view.visible[id] !== 1)
				return;
			const parent = source.nodes[id]!.parentId;
			const around = [...pathTo(source.nodes, id).map(node => node.id), ...(parent === null ? [] : view.children[parent]!), ...view.children[id]!];
			core.stop();
			core.animate(boxViewport(core, positions, around, id), {duration: 200});
			latest.current.onUserViewport();
		},
		png: async withSelection => {
			const core = cy.current!;
			const halo = withSelection ? core.collection() : core.$('node.selected-node');
			halo.removeClass('selected-node');
			// The picture's size follows the tree's, at up to 2 pixels a unit, never past `pngMaxSide`.
			const box = core.elements(':visible').boundingBox({});
			const scale = Math.min(2, pngMaxSide / Math.max(1, box.w, box.h));
			const blob = core.png({output: 'blob-promise', bg: '#ffffff', full: true, scale});
			halo.addClass('selected-node');
			return blob;
		}
	};
	useImperativeHandle(handle, () => controls, []);

	const {source, view, positions, best, marks, matches, selected} = props;
	// Only what is drawn: a parent's re-render for anything else (typing, play/pause, auto-fit) costs nothing here. A
	// replay step changes the source in place, and with it `marks`, so the effect runs then too.
	useEffect(() => {
		const core = cy.current;
		if (!core)
			return;
		const bestSet = new Set(best);
		const pathSet = new Set(marks.path);
		/** How node `id` is to be drawn now. */
		const wanted = (id: number): Pick<Applied, 'classes' | 'edgeClasses' | 'label' | 'x' | 'y'> => {
			if (view.visible[id] !== 1)
				return {classes: 'hidden', edgeClasses: 'hidden', label: '', x: Number.NaN, y: Number.NaN};
			const state = source.state(id);
			const uct = marks.compared.get(id);
			const folded = view.collapsedWithChildren.get(id);
			const label = uct !== undefined ? `UCT ${uct.toFixed(2)}` : folded ? summaryLabel(folded) : selected === id ? `#${id}` : '';
			let classes = `q${qStep(state.q)} s${sizeStep(state.visits)} k-${nodeKind(state)}`;
			if (label)
				classes += ' labelled';
			if (folded)
				classes += ' collapsed';
			if (bestSet.has(id))
				classes += ' best';
			if (pathSet.has(id))
				classes += ' on-path';
			if (marks.arrived.has(id))
				classes += ' arrived';
			if (marks.executed === id)
				classes += ' executed';
			if (marks.backedUp.has(id))
				classes += ' backed-up';
			if (matches.has(id))
				classes += ' match';
			if (selected === id)
				classes += ' selected-node';
			const parent = source.nodes[id]!.parentId;
			let edgeClasses = '';
			if (parent !== null) {
				if (bestSet.has(id) && bestSet.has(parent))
					edgeClasses = 'best';
				else if (marks.backedUp.has(id))
					edgeClasses = 'backed-up';
				else if (pathSet.has(id) && pathSet.has(parent))
					edgeClasses = 'on-path';
			}
			return {classes, edgeClasses, label, x: positions.x[id]!, y: positions.y[id]!};
		};
		core.batch(() => {
			// New nodes are created as they are to be drawn (style computed once, not for a placeholder and again).
			const first = applied.current.length;
			const added: cytoscape.ElementDefinition[] = [];
			const fresh: ReturnType<typeof wanted>[] = [];
			for (let id = first; id < source.nodes.length; id++) {
				const want = wanted(id);
				fresh.push(want);
				added.push({group: 'nodes', data: {id: String(id), label: want.label}, classes: want.classes, ...Number.isNaN(want.x) ? {} : {position: {x: want.x, y: want.y}}});
				const parent = source.nodes[id]!.parentId;
				if (parent !== null)
					added.push({group: 'edges', data: {id: `e${id}`, source: String(parent), target: String(id)}, classes: want.edgeClasses});
			}
			if (added.length > 0) {
				// The elements as `add` returns them, node then edge per id: looking 10,000 up by id costs as much again.
				const created = core.add(added);
				let at = 0;
				for (let id = first; id < source.nodes.length; id++)
					applied.current.push({
						element: created[at++] as cytoscape.NodeSingular,
						edge: source.nodes[id]!.parentId === null ? null : created[at++] as cytoscape.EdgeSingular,
						caption: false, ...fresh[id - first]!
					});
			}

			for (let id = 0; id < first; id++) {
				const last = applied.current[id]!;
				const want = wanted(id);
				if (want.label !== last.label)
					last.element.data('label', last.label = want.label);
				if (want.classes !== last.classes)
					last.element.classes(last.classes = want.classes);
				if (last.edge && want.edgeClasses !== last.edgeClasses)
					last.edge.classes(last.edgeClasses = want.edgeClasses);
				// A hidden node keeps its last position: it is not drawn, and moving it would cost a bounding box update.
				if (!Number.isNaN(want.x) && (want.x !== last.x || want.y !== last.y)) {
					last.element.position({x: want.x, y: want.y});
					last.x = want.x;
					last.y = want.y;
				}
			}
		});
		if (!fitted.current && source.nodes.length > 0) {
			fitView(core, latest.current, legibleZoom);
			fitted.current = true;
		}
		caption(core, applied.current, latest.current);
	}, [source, view, positions, best, marks, matches, selected]);

	// What the canvas draws, readable without reading pixels: the visible node count, the zoom, whether the steps'
	// lines are drawn, and where the selected node is on screen (centre x, y and diameter, in CSS pixels).
	let visibleCount = 0;
	for (let id = 0; id < view.visible.length; id++)
		visibleCount += view.visible[id]!;
	const core = cy.current;
	const zoom = core && extent ? core.zoom() : null;
	const selectedBox = core && zoom !== null && selected !== null && view.visible[selected] === 1
		? [core.pan().x + zoom * positions.x[selected]!, core.pan().y + zoom * positions.y[selected]!, zoom * nodeSize(source.state(selected).visits)].map(value => value.toFixed(1)).join(' ')
		: undefined;
	return (
		<div className="tree-frame" ref={frame} role="region" aria-label="Trajectory tree" tabIndex={0}
			data-zoom={zoom?.toFixed(3)} data-captions={zoom !== null && zoom >= captionZoom ? 'on' : 'off'} data-selected-box={selectedBox}>
			<div className="tree-canvas" ref={container} data-testid="tree-canvas" data-visible-nodes={visibleCount}/>
			<div className="tree-zoom" aria-label="Zoom">
				<button type="button" onClick={() => controls.zoomBy(1.5)} title="Zoom in (+)" aria-label="Zoom in">+</button>
				<button type="button" onClick={() => controls.zoomBy(1 / 1.5)} title="Zoom out (−)" aria-label="Zoom out">−</button>
				<button type="button" onClick={controls.fit} title="The tree, as much as can be read (F)">Fit</button>
				<button type="button" onClick={controls.whole} title="The whole tree, however small (W)">Whole</button>
				<button type="button" onClick={() => selected !== null && controls.focusNeighbourhood(selected)} disabled={selected === null}
					title="The selected step's path, siblings and children (N)">Focus</button>
				<button type="button" onClick={props.onHelp} title="Keys (?)" aria-label="Keys">?</button>
			</div>
			{hover && source.nodes[hover.id] && <NodeTooltip source={source} id={hover.id} summary={view.collapsedWithChildren.get(hover.id)} at={hover}/>}
			{visibleCount > minimapThreshold && extent && <TreeMinimap source={source} view={view} positions={positions} extent={extent} onCentre={(x, y) => {
				const c = cy.current!;
				c.pan({x: c.width() / 2 - c.zoom() * x, y: c.height() / 2 - c.zoom() * y});
				latest.current.onUserViewport();
			}}/>}
		</div>
	);
});

/** What a collapsed node hides, in a few characters: `+12 · best Q 0.50 · ✓`. */
function summaryLabel(summary: SubtreeSummary): string {
	return `+${summary.nodes}${summary.bestQ === null ? '' : ` · best Q ${summary.bestQ.toFixed(2)}`}${summary.correct ? ' · ✓' : ''}`;
}

/** The step's first line (the comment or the first line of code), or the question for the root. */
function firstLine(text: string): string {
	return text.replace(/<end_of_\w+>|<answer>|<\/?code>/g, '').trim().split('\n')[0]!.trim();
}

/** Kind, Q, N and the step's first line, by the pointer. */
function NodeTooltip({source, id, summary, at}: {source: TreeSource; id: number; summary: SubtreeSummary | undefined; at: Hover}) {
	const state = source.state(id);
	return (
		<div className="tree-tooltip" role="tooltip" style={{left: at.x + 12, top: at.y + 12}}>
			<strong>#{id}</strong> {nodeKindLabels[nodeKind(state)]} · Q {state.q.toFixed(2)} · N {state.visits}
			<div className="tree-tooltip-text">{firstLine(source.nodes[id]!.text) || '(empty step)'}</div>
			{summary && <div>collapsed: {summary.nodes} hidden, best Q {summary.bestQ === null ? '—' : summary.bestQ.toFixed(2)}, {summary.correct ? 'a correct answer among them' : 'no correct answer'}</div>}
		</div>
	);
}

function clampZoom(core: cytoscape.Core, zoom: number): number {
	return Math.max(core.minZoom(), Math.min(core.maxZoom(), zoom));
}

/**
 * Sets the first line of each visible step in view as its caption, once the view is zoomed in enough to draw them:
 * measuring thousands of labels would cost more than drawing the tree, and a zoomed-in view shows few nodes.
 */
function caption(core: cytoscape.Core, applied: readonly Applied[], {source, view, positions}: Pick<TreeCanvasProps, 'source' | 'view' | 'positions'>): void {
	if (core.zoom() < captionZoom)
		return;
	const {x1, x2, y1, y2} = core.extent();
	core.batch(() => {
		for (let id = 0; id < applied.length; id++) {
			const x = positions.x[id]!;
			const y = positions.y[id]!;
			if (applied[id]!.caption || view.visible[id] !== 1 || x < x1 || x > x2 || y < y1 || y > y2)
				continue;
			applied[id]!.element.data('caption', id === 0 ? 'question' : firstLine(source.nodes[id]!.text));
			applied[id]!.caption = true;
		}
	});
}

/**
 * The viewport that shows the nodes `ids` (model positions; node sizes and halos included): zoomed to fit them, but
 * never below `readableZoom` — then centred on `centre` — nor above 2.
 */
function boxViewport(core: cytoscape.Core, positions: TreeCanvasProps['positions'], ids: Iterable<number>, centre: number): {zoom: number; pan: {x: number; y: number}} {
	const {minX, maxX, minY, maxY} = layoutBounds(positions, ids);
	const fit = fitZoom(core, maxX - minX, maxY - minY);
	if (fit < readableZoom) {
		const zoom = clampZoom(core, readableZoom);
		return {zoom, pan: {x: core.width() / 2 - zoom * positions.x[centre]!, y: core.height() / 2 - zoom * positions.y[centre]!}};
	}
	const zoom = Math.min(2, fit);
	return {zoom, pan: {x: core.width() / 2 - zoom * (minX + maxX) / 2, y: core.height() / 2 - zoom * (minY + maxY) / 2}};
}

/** The zoom that fits a box of model size w × h, with `treeMargin` around it and 12 pixels to the view's edges. */
function fitZoom(core: cytoscape.Core, w: number, h: number): number {
	return clampZoom(core, Math.min((core.width() - 24) / (w + 2 * treeMargin), (core.height() - 24) / (h + 2 * treeMargin)));
}

/**
 * Fits the visible tree into the view from the layout's own positions (cytoscape's fit would first compute every
 * element's style and bounding box, which costs more than drawing a large tree), at `least` zoom at least: below it,
 * the view centres on the selection, else the best trajectory's answer, else the root, and shows the top of the tree
 * when its height fits. The margin keeps the largest node, its halo and a star's points inside.
 */
function fitView(core: cytoscape.Core, {view, positions, selected, best}: Pick<TreeCanvasProps, 'view' | 'positions' | 'selected' | 'best'>, least: number): void {
	const {minX, maxX, minY, maxY} = layoutBounds(positions, visibleIds(view));
	if (!Number.isFinite(minX))
		return;
	const whole = Math.min(2, fitZoom(core, maxX - minX, maxY - minY));
	if (whole >= least) {
		core.viewport({zoom: whole, pan: {x: core.width() / 2 - whole * (minX + maxX) / 2, y: core.height() / 2 - whole * (minY + maxY) / 2}});
		return;
	}
	const anchor = selected !== null && view.visible[selected] === 1 ? selected : best.length > 0 && view.visible[best.at(-1)!] === 1 ? best.at(-1)! : 0;
	const zoom = Math.max(least, Math.min(2, (core.height() - 24) / (maxY - minY + 2 * treeMargin)));
	const y = (maxY - minY + 2 * treeMargin) * zoom <= core.height() - 24 ? (minY + maxY) / 2 : positions.y[anchor]!;
	core.viewport({zoom, pan: {x: core.width() / 2 - zoom * positions.x[anchor]!, y: core.height() / 2 - zoom * y}});
}
