import cytoscape from 'cytoscape';
import {forwardRef, useEffect, useImperativeHandle, useRef, useState} from 'react';
import {pathTo} from '../../../src-main/contract/search';
import {nodeSize, qColours, qStep} from '../../lib/qColor';
import {treeMarks} from '../../lib/treeMarks';
import {layoutBounds} from '../../lib/treeLayout';
import {nodeKind, nodeKindLabels, nodeKindMarks, visibleIds, type SubtreeSummary, type TreeSource, type TreeView} from '../../lib/treeView';
import {drawTreeOverview, nodeLabel, noMarks, overviewNodeAt, type EventMarks, type TreeDrawing, type Viewport} from './drawTreeOverview';
import {TreeMinimap, type Extent} from './TreeMinimap';

export {noMarks, type EventMarks};

export interface TreeCanvasProps extends TreeDrawing {
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
/**
 * With more visible nodes than this in view, the tree is drawn by `drawTreeOverview` instead of cytoscape, whose
 * redraw after any change costs about 30 µs an element in software rendering (a 5,000-node replay step ≈ 280 ms);
 * back to cytoscape below `overviewExit` (apart, so a view at the edge does not swap renderers at every step).
 */
export const overviewEnter = 1500;
const overviewExit = 1000;
/** How long the view rests after a move before the overview is drawn afresh and the elements near it are created. */
const viewRest = 120;
/** Zoom per pixel of wheel travel: a 100-pixel notch is 1.26×, so 30 notches cover the whole range. */
const wheelZoomPerPixel = 2 ** (1 / 300);
/** Model units around the tree's outermost node centres: the largest node's radius and its halo. */
const treeMargin = 42;

/** Q is drawn in its 21 steps and size in steps of log2 visits: classes, not data mappers, so cytoscape can share
 * one computed style among all nodes alike (mappers are computed per node, which dominates drawing 5,000 nodes). */
const sizeStep = (visits: number) => Math.min(16, Math.round(Math.log2(1 + visits)));

/** A halo under a node, in cytoscape's terms. */
function halo({colour, opacity, padding}: {colour: string; opacity: number; padding: number}) {
	return {'underlay-color': colour, 'underlay-opacity': opacity, 'underlay-padding': padding};
}

const style: cytoscape.StylesheetJson = [
	{selector: 'node', style: {width: 14, height: 14, 'border-width': 2}},
	...qColours.map((colour, step) => ({selector: `node.q${step}`, style: {'background-color': colour}})),
	...Array.from({length: 17}, (_, step) => ({selector: `node.s${step}`, style: {width: nodeSize(2 ** step - 1), height: nodeSize(2 ** step - 1)}})),
	...Object.entries(nodeKindMarks).map(([kind, {shape, border}]) => ({selector: `node.k-${kind}`, style: {shape, 'border-color': border}})),
	{selector: 'node.k-exhausted', style: {'border-style': 'dashed'}},
	// A step's first line, drawn once the view is zoomed in enough to read it (set lazily, see `caption`).
	{selector: 'node[caption]', style: {
		label: 'data(caption)', 'font-size': 4, 'min-zoomed-font-size': 9, 'text-valign': 'bottom', 'text-margin-y': 1.5,
		'text-max-width': '32px', 'text-wrap': 'ellipsis', color: '#4b5563'
	}},
	{selector: 'node.labelled', style: {
		label: 'data(label)', 'font-size': treeMarks.label.size, 'text-valign': 'top', 'text-margin-y': -4, 'min-zoomed-font-size': 7,
		color: treeMarks.label.colour, 'text-background-color': '#ffffff', 'text-background-opacity': 0.8, 'text-background-padding': '1px'
	}},
	{selector: 'node.best, node.on-path, node.backed-up, node.match, node.selected-node', style: {'underlay-shape': 'ellipse', 'overlay-shape': 'ellipse'}},
	{selector: 'node.collapsed', style: {'border-width': 5, 'border-style': 'double'}},
	{selector: 'node.best', style: halo(treeMarks.best)},
	{selector: 'node.on-path', style: halo(treeMarks.onPath)},
	{selector: 'node.arrived', style: {'border-color': treeMarks.arrived.colour, 'border-width': treeMarks.arrived.width}},
	{selector: 'node.executed', style: {'border-color': treeMarks.executed.colour, 'border-width': treeMarks.executed.width}},
	// Only the path a backup updates animates its Q and visit changes: transitions on every node would animate a
	// whole jump, thousands of nodes at once.
	{selector: 'node.backed-up', style: {...halo(treeMarks.backedUp), 'transition-property': 'background-color, width, height', 'transition-duration': 300}},
	{selector: 'node.match', style: {'overlay-color': treeMarks.match.colour, 'overlay-opacity': treeMarks.match.opacity, 'overlay-padding': treeMarks.match.padding}},
	{selector: 'node.selected-node', style: halo(treeMarks.selected)},
	{selector: 'node.hidden, edge.hidden', style: {display: 'none'}},
	// Haystack edges are the cheapest cytoscape draws: straight, no arrows, no endpoint geometry.
	{selector: 'edge', style: {width: treeMarks.edge.width, 'line-color': treeMarks.edge.colour, 'curve-style': 'haystack', 'haystack-radius': 0}},
	{selector: 'edge.best', style: {width: treeMarks.best.edgeWidth, 'line-color': treeMarks.best.colour}},
	{selector: 'edge.on-path', style: {width: treeMarks.onPath.edgeWidth, 'line-color': treeMarks.onPath.colour}},
	{selector: 'edge.backed-up', style: {width: treeMarks.backedUp.edgeWidth, 'line-color': treeMarks.backedUp.colour}}
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
	const applied = useRef<(Applied | undefined)[]>([]);
	const fitted = useRef(false);
	const overview = useRef<HTMLCanvasElement>(null);
	// Which renderer draws the tree: the ref for the handlers, the state for the element's attribute.
	const dense = useRef(false);
	/** The viewport the overview was last drawn at. */
	const drawnAt = useRef<Viewport | null>(null);
	const [renderer, setRenderer] = useState<'cytoscape' | 'overview'>('cytoscape');
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
		// In the overview cytoscape holds no elements: a tap or the pointer on its background is looked up here.
		core.on('tap', event => {
			if (!dense.current || event.target !== core)
				return;
			const id = overviewNodeAt(event.renderedPosition.x, event.renderedPosition.y, {zoom: core.zoom(), pan: core.pan()}, latest.current);
			if (id !== null)
				latest.current.onSelect(id);
		});
		core.on('mousemove', event => {
			if (!dense.current)
				return;
			const {x, y} = event.renderedPosition;
			const id = overviewNodeAt(x, y, {zoom: core.zoom(), pan: core.pan()}, latest.current);
			setHover(id === null ? null : {id, x, y});
		});
		core.on('dragpan pinchzoom', () => latest.current.onUserViewport());
		core.on('mouseover', 'node', event => {
			const {x, y} = event.renderedPosition;
			setHover({id: Number(event.target.id()), x, y});
		});
		core.on('mouseout', 'node', () => setHover(null));
		// One update a frame however many viewport events: the attributes, the overview's frame and the captions. While
		// the view moves, the overview's last picture is moved and scaled with it (as cytoscape moves a cached bitmap),
		// and drawn afresh once the view has rested `viewRest` ms; then, in cytoscape, the elements near the view are
		// created.
		let pending = 0;
		let resting = 0;
		core.on('viewport', () => {
			setHover(null);
			if (pending === 0)
				pending = requestAnimationFrame(() => {
					pending = 0;
					setExtent(core.extent());
					if (dense.current)
						moveOverview(core);
					else
						settleRenderer(core);
					clearTimeout(resting);
					resting = window.setTimeout(() => {
						settleRenderer(core);
						if (!dense.current) {
							syncElements(core, applied.current, latest.current, nearView(core));
							caption(core, applied.current, latest.current);
						}
					}, viewRest);
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
			clearTimeout(resting);
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
			core.stop();
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
			// The export is cytoscape's picture of the whole tree, whichever renderer draws it on screen: every element
			// is created (and, from the overview, given back to cytoscape for the picture).
			if (dense.current)
				allElements(core, applied.current).restore();
			syncElements(core, applied.current, latest.current, null);
			const halo = withSelection ? core.collection() : core.$('node.selected-node');
			halo.removeClass('selected-node');
			// The picture's size follows the tree's, at up to 2 pixels a unit, never past `pngMaxSide`.
			const box = core.elements(':visible').boundingBox({});
			const scale = Math.min(2, pngMaxSide / Math.max(1, box.w, box.h));
			const blob = core.png({output: 'blob-promise', bg: '#ffffff', full: true, scale});
			halo.addClass('selected-node');
			if (dense.current)
				allElements(core, applied.current).remove();
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
		if (!fitted.current && source.nodes.length > 0) {
			fitView(core, latest.current, legibleZoom);
			fitted.current = true;
		}
		settleRenderer(core);
		if (!dense.current)
			syncElements(core, applied.current, latest.current, nearView(core));
		caption(core, applied.current, latest.current);
	}, [source, view, positions, best, marks, matches, selected]);

	/**
	 * Hands the tree to the renderer its view needs (see `overviewEnter`) and, in the overview, redraws it. Cytoscape
	 * keeps the viewport and the pointer either way; in the overview it holds no elements, so it draws nothing: its
	 * elements are removed on the way in (kept in `applied`), and restored and brought up to date on the way out, so
	 * a large tree opened whole never gives cytoscape its 10,000 elements at all.
	 */
	function settleRenderer(core: cytoscape.Core): void {
		const {x1, x2, y1, y2} = core.extent();
		const {view, positions} = latest.current;
		let inView = 0;
		for (let id = 0; id < view.visible.length; id++)
			if (view.visible[id] === 1 && positions.x[id]! >= x1 && positions.x[id]! <= x2 && positions.y[id]! >= y1 && positions.y[id]! <= y2)
				inView++;
		if (!dense.current && inView > overviewEnter) {
			dense.current = true;
			setRenderer('overview');
			allElements(core, applied.current).remove();
		} else if (dense.current && inView < overviewExit) {
			dense.current = false;
			setRenderer('cytoscape');
			allElements(core, applied.current).restore();
			syncElements(core, applied.current, latest.current, nearView(core));
			overview.current?.getContext('2d')?.clearRect(0, 0, overview.current.width, overview.current.height);
		}
		if (!dense.current)
			return;
		const canvas = overview.current!;
		if (canvas.width !== core.width() || canvas.height !== core.height()) {
			canvas.width = core.width();
			canvas.height = core.height();
		}
		drawTreeOverview(canvas.getContext('2d')!, canvas.width, canvas.height, {zoom: core.zoom(), pan: core.pan()}, latest.current);
		drawnAt.current = {zoom: core.zoom(), pan: {...core.pan()}};
		canvas.style.transform = '';
	}

	/** Moves and scales the overview's last picture to the current viewport, without drawing. */
	function moveOverview(core: cytoscape.Core): void {
		const canvas = overview.current;
		const at = drawnAt.current;
		if (!canvas || !at)
			return;
		const scale = core.zoom() / at.zoom;
		const {x, y} = core.pan();
		canvas.style.transform = `translate(${x - at.pan.x * scale}px, ${y - at.pan.y * scale}px) scale(${scale})`;
	}

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
			<div className="tree-canvas" ref={container} data-testid="tree-canvas" data-visible-nodes={visibleCount} data-renderer={renderer}/>
			<canvas className="tree-overview" ref={overview} hidden={renderer !== 'overview'} aria-hidden="true"/>
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

/**
 * Brings cytoscape's elements up to the tree as it is to be drawn: only what changed is written to the elements it
 * has; the visible nodes it lacks are created when they lie in `region` (model units; null: everywhere). Creating
 * elements is most of the cost of opening a large tree (≈ 80 µs a node with its edge), and a view at a readable zoom
 * shows a fraction of it: the rest is created as the view comes near (see `nearView`).
 */
function syncElements(core: cytoscape.Core, applied: (Applied | undefined)[], {source, view, positions, best, marks, matches, selected}: TreeDrawing, region: Extent | null): void {
	const bestSet = new Set(best);
	const pathSet = new Set(marks.path);
	/** How node `id` is to be drawn now. */
	const wanted = (id: number): Pick<Applied, 'classes' | 'edgeClasses' | 'label' | 'x' | 'y'> => {
		if (view.visible[id] !== 1)
			return {classes: 'hidden', edgeClasses: 'hidden', label: '', x: Number.NaN, y: Number.NaN};
		const state = source.state(id);
		const label = nodeLabel(id, {view, marks, selected});
		let classes = `q${qStep(state.q)} s${sizeStep(state.visits)} k-${nodeKind(state)}`;
		if (label)
			classes += ' labelled';
		if (view.collapsedWithChildren.has(id))
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
	/** Within `region`, or its parent is (the edge to it is drawn), or no region is given. */
	const near = (id: number) => {
		if (region === null)
			return true;
		const at = (node: number) => positions.x[node]! >= region.x1 && positions.x[node]! <= region.x2 && positions.y[node]! >= region.y1 && positions.y[node]! <= region.y2;
		const parent = source.nodes[id]!.parentId;
		return at(id) || (parent !== null && at(parent));
	};
	core.batch(() => {
		// New nodes are created as they are to be drawn (style computed once, not for a placeholder and again), each
		// after its parent, which the edge needs: ancestors outside the region come along.
		const added: cytoscape.ElementDefinition[] = [];
		const fresh: {id: number; want: ReturnType<typeof wanted>}[] = [];
		const pending = new Set<number>();
		const create = (id: number, want: ReturnType<typeof wanted>) => {
			const parent = source.nodes[id]!.parentId;
			if (parent !== null && !applied[parent] && !pending.has(parent))
				create(parent, wanted(parent));
			pending.add(id);
			fresh.push({id, want});
			added.push({group: 'nodes', data: {id: String(id), label: want.label}, classes: want.classes, ...Number.isNaN(want.x) ? {} : {position: {x: want.x, y: want.y}}});
			if (parent !== null)
				added.push({group: 'edges', data: {id: `e${id}`, source: String(parent), target: String(id)}, classes: want.edgeClasses});
		};
		for (let id = 0; id < source.nodes.length; id++) {
			const last = applied[id];
			if (!last) {
				// A hidden node is created once it shows.
				if (!pending.has(id) && view.visible[id] === 1 && near(id))
					create(id, wanted(id));
				continue;
			}
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
		if (added.length === 0)
			return;
		// The elements as `add` returns them, node then edge per id: looking 10,000 up by id costs as much again.
		const created = core.add(added);
		let at = 0;
		for (const {id, want} of fresh)
			applied[id] = {
				element: created[at++] as cytoscape.NodeSingular,
				edge: source.nodes[id]!.parentId === null ? null : created[at++] as cytoscape.EdgeSingular,
				caption: false, ...want
			};
	});
}

/** Every node and edge cytoscape was given, whether or not it holds them now. */
function allElements(core: cytoscape.Core, applied: readonly (Applied | undefined)[]): cytoscape.Collection {
	// `collection` takes an array of elements, which its types do not say.
	return core.collection(applied.flatMap(entry => !entry ? [] : entry.edge ? [entry.element, entry.edge] : [entry.element]) as unknown as cytoscape.CollectionArgument);
}

/** The view's extent and as much again on every side: the elements there are created before the view reaches them. */
function nearView(core: cytoscape.Core): Extent {
	const {x1, x2, y1, y2, w, h} = core.extent();
	return {x1: x1 - w, x2: x2 + w, y1: y1 - h, y2: y2 + h};
}

function clampZoom(core: cytoscape.Core, zoom: number): number {
	return Math.max(core.minZoom(), Math.min(core.maxZoom(), zoom));
}

/**
 * Sets the first line of each visible step in view as its caption, once the view is zoomed in enough to draw them:
 * measuring thousands of labels would cost more than drawing the tree, and a zoomed-in view shows few nodes.
 */
function caption(core: cytoscape.Core, applied: readonly (Applied | undefined)[], {source, view, positions}: Pick<TreeCanvasProps, 'source' | 'view' | 'positions'>): void {
	if (core.zoom() < captionZoom)
		return;
	const {x1, x2, y1, y2} = core.extent();
	core.batch(() => {
		for (let id = 0; id < applied.length; id++) {
			const x = positions.x[id]!;
			const y = positions.y[id]!;
			const entry = applied[id];
			if (!entry || entry.caption || view.visible[id] !== 1 || x < x1 || x > x2 || y < y1 || y > y2)
				continue;
			entry.element.data('caption', id === 0 ? 'question' : firstLine(source.nodes[id]!.text));
			entry.caption = true;
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
	// A key pressed while the view still moves to a node (`reveal`) wins over that move.
	core.stop();
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
