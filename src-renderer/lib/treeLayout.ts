/** Pixels between neighbouring leaves, and between depths. */
export const layoutSpacing = {x: 34, y: 84} as const;

/**
 * A layered top-down tree layout in O(n): depth sets y; leaves take consecutive slots left to right in depth-first
 * order (children by id, i.e. in the order the search created them) and a parent sits midway over its first and last
 * child. No two subtrees overlap, so it stays readable at thousands of nodes, and it is fast enough to redo whenever
 * the visible tree changes. `children[id]` lists the visible children of a visible node; returns x, y per id (NaN for
 * ids not reached from `root`).
 */
export function layoutTree(children: readonly (readonly number[])[], root: number): {x: Float64Array; y: Float64Array} {
	const x = new Float64Array(children.length).fill(Number.NaN);
	const y = new Float64Array(children.length).fill(Number.NaN);
	let slot = 0;
	// Iterative post-order: a node is placed once all its children are.
	const stack: {id: number; depth: number; expanded: boolean}[] = [{id: root, depth: 0, expanded: false}];
	while (stack.length > 0) {
		const top = stack.at(-1)!;
		const kids = children[top.id]!;
		if (!top.expanded && kids.length > 0) {
			top.expanded = true;
			for (let i = kids.length - 1; i >= 0; i--)
				stack.push({id: kids[i]!, depth: top.depth + 1, expanded: false});
			continue;
		}
		stack.pop();
		y[top.id] = top.depth * layoutSpacing.y;
		x[top.id] = kids.length === 0 ? slot++ * layoutSpacing.x : (x[kids[0]!]! + x[kids.at(-1)!]!) / 2;
	}
	return {x, y};
}

/** The box around the laid-out centres of `ids` (infinite bounds when there are none). */
export function layoutBounds(position: {x: Float64Array; y: Float64Array}, ids: Iterable<number>): {minX: number; maxX: number; minY: number; maxY: number} {
	let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
	for (const id of ids) {
		minX = Math.min(minX, position.x[id]!);
		maxX = Math.max(maxX, position.x[id]!);
		minY = Math.min(minY, position.y[id]!);
		maxY = Math.max(maxY, position.y[id]!);
	}
	return {minX, maxX, minY, maxY};
}
