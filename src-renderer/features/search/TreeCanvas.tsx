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
}

export interface TreeCanvasHandle {
	fit(): void;
	/** Centres a node without changing the zoom. */
	reveal(id: number): void;
	png(): Promise<Blob>;
}

const shapes = {
	correct: 'star', wrong: 'diamond', unchecked: 'pentagon', 'code-error': 'triangle', failed: 'rectangle', exhausted: 'ellipse', open: 'ellipse'
} as const;
const borders = {
	correct: '#1a7f37', wrong: '#b42318', unchecked: '#6b7280', 'code-error': '#d97706', failed: '#4b5563', exhausted: '#9aa3b2', open: '#1d2330'
} as const;

const style: cytoscape.StylesheetJson = [
	{selector: 'node', style: {
		'background-color': 'data(color)', width: 'data(size)', height: 'data(size)', shape: 'data(shape)' as 'ellipse',
		'border-width': 2, 'border-color': 'data(border)', label: 'data(label)', 'font-size': 11, 'text-valign': 'top', 'text-margin-y': -4,
		'min-zoomed-font-size': 7, color: '#1d2330', 'text-background-color': '#ffffff', 'text-background-opacity': 0.8, 'text-background-padding': '1px',
		'underlay-shape': 'ellipse', 'overlay-shape': 'ellipse',
		'transition-property': 'background-color, width, height', 'transition-duration': 250
	}},
	{selector: 'node.exhausted', style: {'border-style': 'dashed'}},
	{selector: 'node.collapsed', style: {'border-width': 5, 'border-style': 'double'}},
	{selector: 'node.best', style: {'underlay-color': '#f2b705', 'underlay-opacity': 0.55, 'underlay-padding': 5}},
	{selector: 'node.on-path', style: {'underlay-color': '#3559d6', 'underlay-opacity': 0.35, 'underlay-padding': 6}},
	{selector: 'node.arrived', style: {'border-color': '#7c3aed', 'border-width': 5}},
	{selector: 'node.executed', style: {'border-color': '#0891b2', 'border-width': 6}},
	{selector: 'node.backed-up', style: {'underlay-color': '#ea580c', 'underlay-opacity': 0.5, 'underlay-padding': 7}},
	{selector: 'node.match', style: {'overlay-color': '#c026d3', 'overlay-opacity': 0.35, 'overlay-padding': 6}},
	{selector: 'node.selected-node', style: {'underlay-color': '#111827', 'underlay-opacity': 0.7, 'underlay-padding': 8}},
	{selector: 'node.hidden, edge.hidden', style: {display: 'none'}},
	{selector: 'edge', style: {width: 1.5, 'line-color': '#b8bfcc', 'curve-style': 'straight'}},
	{selector: 'edge.best', style: {width: 4, 'line-color': '#f2b705'}},
	{selector: 'edge.on-path', style: {width: 4, 'line-color': '#3559d6'}},
	{selector: 'edge.backed-up', style: {width: 4, 'line-color': '#ea580c'}}
];

/** The data of a node not yet drawn: every field the style maps must exist. */
const unstyled = {color: '#eeeeee', size: 14, shape: 'ellipse', border: '#1d2330', label: ''};

/** Per node, what was last written to cytoscape, so an update touches only what changed. */
interface Applied {
	data: string;
	classes: string;
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
	const onSelect = useRef(props.onSelect);
	onSelect.current = props.onSelect;
	const fitted = useRef(false);

	useEffect(() => {
		const core = cytoscape({
			container: container.current, style, layout: {name: 'preset'}, minZoom: 0.02, maxZoom: 4,
			// Large trees stay smooth: pan and zoom move a cached bitmap and skip edges while moving.
			textureOnViewport: true, hideEdgesOnViewport: true, boxSelectionEnabled: false, autoungrabify: true
		});
		core.on('tap', 'node', event => onSelect.current(Number(event.target.id())));
		cy.current = core;
		return () => {
			core.destroy();
			cy.current = null;
			applied.current = [];
			fitted.current = false;
		};
	}, []);

	useImperativeHandle(handle, () => ({
		fit: () => cy.current?.fit(cy.current.nodes(':visible'), 30),
		reveal: id => {
			const node = cy.current?.getElementById(String(id));
			if (node && node.nonempty())
				cy.current!.animate({center: {eles: node}}, {duration: 200});
		},
		png: () => cy.current!.png({output: 'blob-promise', bg: '#ffffff', full: true, maxWidth: 8000, maxHeight: 8000})
	}), []);

	useEffect(() => {
		const core = cy.current;
		if (!core)
			return;
		const {source, view, positions, best, marks, matches, selected} = props;
		const bestSet = new Set(best);
		const pathSet = new Set(marks.path);
		core.batch(() => {
			const added: cytoscape.ElementDefinition[] = [];
			for (let id = applied.current.length; id < source.nodes.length; id++) {
				added.push({group: 'nodes', data: {id: String(id), ...unstyled}});
				const parent = source.nodes[id]!.parentId;
				if (parent !== null)
					added.push({group: 'edges', data: {id: `e${id}`, source: String(parent), target: String(id)}});
				applied.current.push({data: '', classes: '', x: Number.NaN, y: Number.NaN});
			}
			if (added.length > 0)
				core.add(added);

			for (const node of source.nodes) {
				const id = node.id;
				const last = applied.current[id]!;
				const element = core.getElementById(String(id));
				const visible = view.visible[id] === 1;
				const state = source.state(id);
				const kind = nodeKind(state);
				const classes = [
					visible ? '' : 'hidden', kind === 'exhausted' ? 'exhausted' : '', view.collapsedWithChildren.has(id) ? 'collapsed' : '',
					bestSet.has(id) ? 'best' : '', pathSet.has(id) ? 'on-path' : '', marks.arrived.has(id) ? 'arrived' : '',
					marks.executed === id ? 'executed' : '', marks.backedUp.has(id) ? 'backed-up' : '', matches.has(id) ? 'match' : '',
					selected === id ? 'selected-node' : ''
				].filter(Boolean).join(' ');
				if (classes !== last.classes) {
					element.classes(classes);
					const parent = node.parentId;
					if (parent !== null)
						core.getElementById(`e${id}`).classes([
							visible ? '' : 'hidden', bestSet.has(id) && bestSet.has(parent) ? 'best' : '',
							pathSet.has(id) && pathSet.has(parent) ? 'on-path' : '', marks.backedUp.has(id) ? 'backed-up' : ''
						].filter(Boolean).join(' '));
					last.classes = classes;
				}
				if (!visible)
					continue;
				const uct = marks.compared.get(id);
				const data = {
					color: qColor(state.q), size: nodeSize(state.visits), shape: shapes[kind], border: borders[kind],
					label: uct !== undefined ? `UCT ${uct.toFixed(2)}` : selected === id ? `#${id}` : ''
				};
				const key = JSON.stringify(data);
				if (key !== last.data) {
					element.data(data);
					last.data = key;
				}
				const x = positions.x[id]!;
				const y = positions.y[id]!;
				if (x !== last.x || y !== last.y) {
					element.position({x, y});
					last.x = x;
					last.y = y;
				}
			}
		});
		if (!fitted.current && source.nodes.length > 0) {
			core.fit(core.nodes(':visible'), 30);
			fitted.current = true;
		}
	}, [props]);

	// The visible node count is on the element too: what the canvas draws, readable without reading pixels.
	const visibleCount = props.view.visible.reduce((sum, flag) => sum + flag, 0);
	return <div className="tree-canvas" ref={container} data-testid="tree-canvas" data-visible-nodes={visibleCount}/>;
});
