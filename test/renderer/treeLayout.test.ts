import {describe, expect, it} from 'vitest';
import {layoutSpacing, layoutTree} from '../../src-renderer/lib/treeLayout.js';

/** A random tree of n nodes, parents before children, as child lists. */
function randomTree(n: number, seed: number): number[][] {
	const children: number[][] = [[]];
	let state = seed;
	for (let id = 1; id < n; id++) {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		children[state % id]!.push(id);
		children.push([]);
	}
	return children;
}

describe('layoutTree', () => {
	it('puts depths on layers, each parent midway over its children, and no two nodes of a layer closer than the spacing', () => {
		const children = randomTree(3000, 7);
		const {x, y} = layoutTree(children, 0);
		expect(y[0]).toBe(0);
		const layers = new Map<number, number[]>();
		children.forEach((kids, id) => {
			for (const kid of kids)
				expect(y[kid]).toBe(y[id]! + layoutSpacing.y);
			if (kids.length > 0)
				expect(x[id]).toBeCloseTo((x[kids[0]!]! + x[kids.at(-1)!]!) / 2, 9);
			layers.set(y[id]!, [...layers.get(y[id]!) ?? [], x[id]!]);
		});
		for (const xs of layers.values()) {
			xs.sort((a, b) => a - b);
			for (let i = 1; i < xs.length; i++)
				expect(xs[i]! - xs[i - 1]!).toBeGreaterThanOrEqual(layoutSpacing.x / 2 - 1e-9);
		}
	});

	it('keeps siblings in creation order, left to right, and leaves out what the root does not reach', () => {
		const {x} = layoutTree([[1, 2, 3], [], [], [], []], 0);
		expect(x[1]! < x[2]! && x[2]! < x[3]!).toBe(true);
		expect(x[4]).toBeNaN();
	});
});
