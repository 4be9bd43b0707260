import cytoscape from 'cytoscape';
import {forwardRef, useEffect, useImperativeHandle, useRef} from 'react';
import {nodeSize, qColor} from '../../lib/qColor';
import {nodeKind, type TreeSource, type TreeView} from '../../lib/treeView';

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
	/** The user panned or zoomed the view (dragging, the wheel, a pinch). */
	onUserViewport(): void;
}

export interface TreeCanvasHandle {
	fit(): void;
	/** Centres a node without changing the zoom. */
	reveal(id: number): void;
	png(): Promise<Blob>;
}

const kinds = {
	correct: {shape: 'star', border: '#1a7f37'},
	wrong: {shape: 'diamond', border: '#b42318'},
	unchecked: {shape: 'pentagon', border: '#6b7280'},
	'code-error': {shape: 'triangle', border: '#d97706'},
	failed: {shape: 'rectangle', border: '#4b5563'},
	exhausted: {shape: 'ellipse', border: '#9aa3b2'},
	open: {shape: 'ellipse', border: '#1d2330'}
} as const;

/** Q is drawn in 21 steps of 0.1 and size in steps of log2 visits: classes, not data mappers, so cytoscape can share
 * one computed style among all nodes alike (mappers are computed per node, which dominates drawing 5,000 nodes). */
const qStep = (q: number) => Math.round((Math.max(-1, Math.min(1, Number.isFinite(q) ? q : 0)) + 1) * 10);
const sizeStep = (visits: number) => Math.min(16, Math.round(Math.log2(1 + visits)));

const style: cytoscape.StylesheetJson = [
	{selector: 'node', style: {width: 14, height: 14, 'border-width': 2}},
	...Array.from({length: 21}, (_, step) => ({selector: `node.q${step}`, style: {'background-color': qColor(step / 10 - 1)}})),
	...Array.from({length: 17}, (_, step) => ({selector: `node.s${step}`, style: {width: nodeSize(2 ** step - 1), height: nodeSize(2 ** step - 1)}})),
	...Object.entries(kinds).map(([kind, {shape, border}]) => ({selector: `node.k-${kind}`, style: {shape, 'border-color': border}})),
	{selector: 'node.k-exhausted', style: {'border-style': 'dashed'}},
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
	x: number;
	y: number;
}

/**
 * The trajectory tree in cytoscape: positions from our layout (preset), colour by Q, size by visits, shape and border
 * by kind, marks for the best trajectory, the current replay event, search hits and the selection. Elements are
 * created once per node and then only updated where something changed, so a replay step costs what it changes.
 */
export const TreeCanvas = forwardRef<TreeCanvasHandle, TreeCanvasProps>(function TreeCanvas(props, handle) {
	const container = useRef<HTMLDivElement>(null);
	const cy = useRef<cytoscape.Core | null>(null);
	const applied = useRef<Applied[]>([]);
	const fitted = useRef(false);
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
		core.on('dragpan scrollzoom pinchzoom', () => latest.current.onUserViewport());
		cy.current = core;
		return () => {
			core.destroy();
			cy.current = null;
			applied.current = [];
			fitted.current = false;
		};
	}, []);

	useImperativeHandle(handle, () => ({
		fit: () => cy.current && fitView(cy.current, latest.current),
		reveal: id => {
			const node = cy.current?.getElementById(String(id));
			if (node && node.nonempty())
				cy.current!.animate({center: {eles: node}}, {duration: 200});
		},
		png: () => cy.current!.png({output: 'blob-promise', bg: '#ffffff', full: true, maxWidth: 8000, maxHeight: 8000})
	}), []);

	const {source, view, positions, best, marks, matches, selected} = props;
	// Only what is drawn: a parent's re-render for anything else (typing, play/pause, auto-fit) costs nothing here. A
	// replay step changes the source in place, and with it `marks`, so the effect runs then too.
	useEffect(() => {
		const core = cy.current;
		if (!core)
			return;
		const bestSet = new Set(best);
		const pathSet = new Set(marks.path);
		core.batch(() => {
			const added: cytoscape.ElementDefinition[] = [];
			for (let id = applied.current.length; id < source.nodes.length; id++) {
				added.push({group: 'nodes', data: {id: String(id), label: ''}, classes: 'hidden'});
				const parent = source.nodes[id]!.parentId;
				if (parent !== null)
					added.push({group: 'edges', data: {id: `e${id}`, source: String(parent), target: String(id)}, classes: 'hidden'});
			}
			if (added.length > 0) {
				core.add(added);
				for (let id = applied.current.length; id < source.nodes.length; id++)
					applied.current.push({
						element: core.getElementById(String(id)) as cytoscape.NodeSingular,
						edge: source.nodes[id]!.parentId === null ? null : core.getElementById(`e${id}`) as cytoscape.EdgeSingular,
						classes: 'hidden', edgeClasses: 'hidden', label: '', x: Number.NaN, y: Number.NaN
					});
			}

			for (const node of source.nodes) {
				const id = node.id;
				const last = applied.current[id]!;
				if (view.visible[id] !== 1) {
					if (last.classes !== 'hidden') {
						last.element.classes('hidden');
						last.edge?.classes('hidden');
						last.classes = last.edgeClasses = 'hidden';
					}
					continue;
				}
				const state = source.state(id);
				const uct = marks.compared.get(id);
				const label = uct !== undefined ? `UCT ${uct.toFixed(2)}` : selected === id ? `#${id}` : '';
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
				if (label !== last.label) {
					last.element.data('label', label);
					last.label = label;
				}
				if (classes !== last.classes) {
					last.element.classes(classes);
					last.classes = classes;
				}
				const parent = node.parentId;
				if (last.edge && parent !== null) {
					let edgeClasses = '';
					if (bestSet.has(id) && bestSet.has(parent))
						edgeClasses = 'best';
					else if (marks.backedUp.has(id))
						edgeClasses = 'backed-up';
					else if (pathSet.has(id) && pathSet.has(parent))
						edgeClasses = 'on-path';
					if (edgeClasses !== last.edgeClasses) {
						last.edge.classes(edgeClasses);
						last.edgeClasses = edgeClasses;
					}
				}
				const x = positions.x[id]!;
				const y = positions.y[id]!;
				if (x !== last.x || y !== last.y) {
					last.element.position({x, y});
					last.x = x;
					last.y = y;
				}
			}
		});
		if (!fitted.current && source.nodes.length > 0) {
			fitView(core, latest.current);
			fitted.current = true;
		}
	}, [source, view, positions, best, marks, matches, selected]);

	// The visible node count is on the element too: what the canvas draws, readable without reading pixels.
	const visibleCount = view.visible.reduce((sum, flag) => sum + flag, 0);
	return <div className="tree-canvas" ref={container} data-testid="tree-canvas" data-visible-nodes={visibleCount}/>;
});

/**
 * Fits the visible tree into the view from the layout's own positions: cytoscape's fit would first compute every
 * element's style and bounding box, which costs more than drawing a large tree.
 */
function fitView(core: cytoscape.Core, {view, positions}: Pick<TreeCanvasProps, 'view' | 'positions'>): void {
	let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
	for (let id = 0; id < view.visible.length; id++)
		if (view.visible[id] === 1) {
			minX = Math.min(minX, positions.x[id]!);
			maxX = Math.max(maxX, positions.x[id]!);
			minY = Math.min(minY, positions.y[id]!);
			maxY = Math.max(maxY, positions.y[id]!);
		}
	if (!Number.isFinite(minX))
		return;
	const padding = 50;
	const zoom = Math.min(core.maxZoom(), Math.max(core.minZoom(),
		Math.min((core.width() - 2 * padding) / Math.max(1, maxX - minX), (core.height() - 2 * padding) / Math.max(1, maxY - minY))));
	core.viewport({zoom, pan: {x: core.width() / 2 - zoom * (minX + maxX) / 2, y: core.height() / 2 - zoom * (minY + maxY) / 2}});
}
