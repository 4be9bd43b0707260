import {rstarRecord} from '../../src-main/contract/rstarRecord';
import type {SearchSummary} from '../../src-main/contract/search';
import {nodeSize, qColor} from './qColor';
import type {TreeSource, TreeView} from './treeView';

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

/** The visible tree as a standalone SVG picture (edges, then nodes coloured by Q and sized by visits); no text. */
export function treeSvg(source: TreeSource, view: TreeView, position: {x: Float64Array; y: Float64Array}): string {
	const visible = source.nodes.filter(node => view.visible[node.id] === 1);
	const margin = 40;
	const xs = visible.map(node => position.x[node.id]!);
	const ys = visible.map(node => position.y[node.id]!);
	const minX = Math.min(...xs) - margin;
	const minY = Math.min(...ys) - margin;
	const width = Math.max(...xs) - minX + margin;
	const height = Math.max(...ys) - minY + margin;
	const at = (id: number) => `${(position.x[id]! - minX).toFixed(1)} ${(position.y[id]! - minY).toFixed(1)}`;
	const edges = visible.filter(node => node.parentId !== null)
		.map(node => `M${at(node.parentId!)}L${at(node.id)}`).join('');
	const circles = visible.map(node => {
		const state = source.state(node.id);
		const [cx, cy] = at(node.id).split(' ');
		return `<circle cx="${cx}" cy="${cy}" r="${(nodeSize(state.visits) / 2).toFixed(1)}" fill="${qColor(state.q)}" stroke="#1d2330" stroke-width="1"/>`;
	}).join('\n');
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width.toFixed(0)}" height="${height.toFixed(0)}" viewBox="0 0 ${width.toFixed(0)} ${height.toFixed(0)}">`,
		`<rect width="100%" height="100%" fill="#ffffff"/>`,
		`<path d="${edges}" stroke="#9aa3b2" stroke-width="1.5" fill="none"/>`,
		circles,
		'</svg>'
	].join('\n');
}
