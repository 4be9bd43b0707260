import type {z} from 'zod';
import type {SubtreeNode} from '../../../src-main/contract/curation';
import {qColor} from '../../lib/qColor';
import {nodeKindLabels, nodeKindMarks, type NodeKind} from '../../lib/treeView';

type Node = z.infer<typeof SubtreeNode>;

const gap = {x: 14, y: 22};
const radius = 5;

/** A leaf per column, a parent over the middle of its children, a depth per row: enough for a few dozen nodes. */
function layout(nodes: readonly Node[]): Map<number, {x: number; y: number}> {
	const children = new Map<number, Node[]>();
	for (const node of nodes)
		if (node.parentId !== null)
			children.set(node.parentId, [...children.get(node.parentId) ?? [], node]);
	const positions = new Map<number, {x: number; y: number}>();
	let column = 0;
	const place = (node: Node, depth: number): number => {
		const kids = children.get(node.id) ?? [];
		const x = kids.length === 0 ? column++ : kids.map(kid => place(kid, depth + 1)).reduce((sum, kx) => sum + kx, 0) / kids.length;
		positions.set(node.id, {x, y: depth});
		return x;
	};
	if (nodes[0])
		place(nodes[0], 0);
	return positions;
}

/** A node's mark at (x, y): the tree viewer's shape for its kind, filled by its Q. */
function Mark({kind, x, y, fill}: {kind: NodeKind; x: number; y: number; fill: string}) {
	const {shape, border} = nodeKindMarks[kind];
	const r = radius;
	const props = {fill, stroke: border, strokeWidth: 1.5};
	const polygon = (points: readonly (readonly [number, number])[]) => <polygon points={points.map(([px, py]) => `${x + px * r},${y + py * r}`).join(' ')} {...props}/>;
	switch (shape) {
		case 'star': return polygon(Array.from({length: 10}, (_, i) => {
			const angle = -Math.PI / 2 + i * Math.PI / 5;
			const length = i % 2 === 0 ? 1.2 : 0.5;
			return [Math.cos(angle) * length, Math.sin(angle) * length] as const;
		}));
		case 'diamond': return polygon([[0, -1.2], [1.2, 0], [0, 1.2], [-1.2, 0]]);
		case 'pentagon': return polygon(Array.from({length: 5}, (_, i) => [Math.cos(-Math.PI / 2 + i * 2 * Math.PI / 5), Math.sin(-Math.PI / 2 + i * 2 * Math.PI / 5)] as const));
		case 'triangle': return polygon([[0, -1.1], [1.1, 0.9], [-1.1, 0.9]]);
		case 'rectangle': return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} {...props}/>;
		default: return <circle cx={x} cy={y} r={r} {...props}/>;
	}
}

/**
 * The step's subtree in miniature, its nodes coloured by Q and marked by kind as in the tree viewer; a click opens the
 * node on the Search page.
 */
export function SubtreeDrawing({searchId, nodes, more}: {searchId: number; nodes: readonly Node[]; more: number}) {
	if (nodes.length === 0)
		return null;
	const positions = layout(nodes);
	const columns = Math.max(...[...positions.values()].map(p => p.x)) + 1;
	const rows = Math.max(...[...positions.values()].map(p => p.y)) + 1;
	const at = (id: number) => {
		const p = positions.get(id)!;
		return {x: 10 + p.x * gap.x, y: 10 + p.y * gap.y};
	};
	const width = 20 + (columns - 1) * gap.x;
	const height = 20 + (rows - 1) * gap.y;
	return (
		<figure className="pairs-subtree">
			<svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={`Subtree of ${nodes.length} nodes`}>
				{nodes.filter(node => node.parentId !== null && positions.has(node.parentId)).map(node => {
					const from = at(node.parentId!);
					const to = at(node.id);
					return <line key={`e${node.id}`} x1={from.x} y1={from.y} x2={to.x} y2={to.y} stroke="#c3c9d4"/>;
				})}
				{nodes.map(node => {
					const kind = (node.kind in nodeKindMarks ? node.kind : 'open') as NodeKind;
					const {x, y} = at(node.id);
					return (
						<g key={node.id} className="pairs-subtree-node" onClick={() => {
							location.hash = `#/search?id=${searchId}&node=${node.id}`;
						}}>
							<title>#{node.id} · Q {node.q.toFixed(3)} · N {node.visits} · {nodeKindLabels[kind]}</title>
							<Mark kind={kind} x={x} y={y} fill={qColor(node.q)}/>
						</g>
					);
				})}
			</svg>
			{more > 0 && <figcaption className="muted">and {more} more nodes</figcaption>}
		</figure>
	);
}
