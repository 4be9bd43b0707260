import {rstarRecord} from '../../src-main/contract/rstarRecord';
import type {SearchSummary} from '../../src-main/contract/search';
import {nodeSize, qColor} from './qColor';
import {treeMarks} from './treeMarks';
import {nodeKind, nodeKindMarks, type NodeKind, type TreeSource, type TreeView} from './treeView';

/** The tree at the current point as JSON: the search, and every node that exists then with its state. */
export function treeJson(search: SearchSummary, source: TreeSource, eventIndex: number): string {
	const nodes = source.nodes.filter(node => source.state(node.id).exists).map(node => {
		const {exists: _exists, ...state} = source.state(node.id);
		return {...node, ...state};
	});
	return JSON.stringify({format: 'rstar-workbench-tree', version: 1, search, eventIndex, nodes}, null, 2);
}

/**
 * The search at the current point as one record of the reference implementation's output (its tag-keyed tree, in its
 * field semantics): what its extraction scripts read.
 */
export function rstarTagTree(search: SearchSummary, source: TreeSource): string {
	return JSON.stringify(rstarRecord(search, source.nodes, node => source.state(node.id)), null, 2);
}

/** The SVG outline of a node's shape of diameter `size` centred at (x, y), as the canvas draws it. */
function shapeAt(shape: (typeof nodeKindMarks)[NodeKind]['shape'], x: number, y: number, size: number): string {
	const r = size / 2;
	if (shape === 'ellipse')
		return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r.toFixed(1)}"`;
	if (shape === 'rectangle')
		return `<rect x="${(x - r).toFixed(1)}" y="${(y - r).toFixed(1)}" width="${size.toFixed(1)}" height="${size.toFixed(1)}"`;
	// Corners from the top, clockwise; a star alternates outer and inner (0.38 r) corners.
	const corners = {star: 10, diamond: 4, pentagon: 5, triangle: 3}[shape];
	const points = Array.from({length: corners}, (_, i) => {
		const angle = -Math.PI / 2 + 2 * Math.PI * i / corners;
		const radius = shape === 'star' && i % 2 === 1 ? r * 0.38 : r;
		return `${(x + radius * Math.cos(angle)).toFixed(1)},${(y + radius * Math.sin(angle)).toFixed(1)}`;
	});
	return `<polygon points="${points.join(' ')}"`;
}

/**
 * The visible tree as a standalone SVG picture: edges (the best trajectory's in gold, over a gold ring on its nodes),
 * then each node in its kind's shape and border, coloured by Q and sized by visits; no text. Each node carries
 * `data-node` (its id) and `data-kind`.
 */
export function treeSvg(source: TreeSource, view: TreeView, position: {x: Float64Array; y: Float64Array}, best: readonly number[]): string {
	const visible = source.nodes.filter(node => view.visible[node.id] === 1);
	const margin = 40;
	const xs = visible.map(node => position.x[node.id]!);
	const ys = visible.map(node => position.y[node.id]!);
	const minX = Math.min(...xs) - margin;
	const minY = Math.min(...ys) - margin;
	const width = Math.max(...xs) - minX + margin;
	const height = Math.max(...ys) - minY + margin;
	const x = (id: number) => position.x[id]! - minX;
	const y = (id: number) => position.y[id]! - minY;
	const at = (id: number) => `${x(id).toFixed(1)} ${y(id).toFixed(1)}`;
	const onBest = new Set(best.filter(id => view.visible[id] === 1));
	const edges = visible.filter(node => node.parentId !== null)
		.map(node => `M${at(node.parentId!)}L${at(node.id)}`).join('');
	const bestEdges = visible.filter(node => node.parentId !== null && onBest.has(node.id) && onBest.has(node.parentId))
		.map(node => `M${at(node.parentId!)}L${at(node.id)}`).join('');
	const bestMark = treeMarks.best;
	const rings = [...onBest].map(id => `<circle cx="${x(id).toFixed(1)}" cy="${y(id).toFixed(1)}" r="${(nodeSize(source.state(id).visits) / 2 + bestMark.padding).toFixed(1)}"/>`).join('');
	const shapes = visible.map(node => {
		const state = source.state(node.id);
		const kind = nodeKind(state);
		const {shape, border} = nodeKindMarks[kind];
		const dash = kind === 'exhausted' ? ' stroke-dasharray="3 2"' : '';
		return `${shapeAt(shape, x(node.id), y(node.id), nodeSize(state.visits))} fill="${qColor(state.q)}" stroke="${border}" stroke-width="2"${dash} data-node="${node.id}" data-kind="${kind}"/>`;
	}).join('\n');
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width.toFixed(0)}" height="${height.toFixed(0)}" viewBox="0 0 ${width.toFixed(0)} ${height.toFixed(0)}">`,
		`<rect width="100%" height="100%" fill="#ffffff"/>`,
		`<path d="${edges}" stroke="${treeMarks.edge.colour}" stroke-width="${treeMarks.edge.width}" fill="none"/>`,
		`<g class="best-trajectory" fill="${bestMark.colour}" fill-opacity="${bestMark.opacity}"><path d="${bestEdges}" stroke="${bestMark.colour}" stroke-width="${bestMark.edgeWidth}" fill="none"/>${rings}</g>`,
		shapes,
		'</svg>'
	].join('\n');
}
