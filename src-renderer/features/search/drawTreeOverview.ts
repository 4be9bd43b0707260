import {nodeSize, qColours, qStep} from '../../lib/qColor';
import {treeMarks} from '../../lib/treeMarks';
import {nodeKind, nodeKindMarks, type NodeKind, type SubtreeSummary, type TreeSource, type TreeView} from '../../lib/treeView';

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

/** The tree and its marks, as `TreeCanvas` receives them. */
export interface TreeDrawing {
	source: TreeSource;
	view: TreeView;
	positions: {x: Float64Array; y: Float64Array};
	best: readonly number[];
	marks: EventMarks;
	matches: ReadonlySet<number>;
	selected: number | null;
}

/** Where the model is on screen: screen = pan + zoom × model. */
export interface Viewport {
	zoom: number;
	pan: {x: number; y: number};
}


/** What a collapsed node hides, in a few characters: `+12 · best Q 0.50 · ✓`. */
export function summaryLabel(summary: SubtreeSummary): string {
	return `+${summary.nodes}${summary.bestQ === null ? '' : ` · best Q ${summary.bestQ.toFixed(2)}`}${summary.correct ? ' · ✓' : ''}`;
}

/** The text above a node, if any: its UCT while a selection compares it, a collapsed node's summary, the selected node's id. */
export function nodeLabel(id: number, {view, marks, selected}: Pick<TreeDrawing, 'view' | 'marks' | 'selected'>): string {
	const uct = marks.compared.get(id);
	const folded = view.collapsedWithChildren.get(id);
	return uct !== undefined ? `UCT ${uct.toFixed(2)}` : folded ? summaryLabel(folded) : selected === id ? `#${id}` : '';
}

/**
 * Draws the visible tree the way the cytoscape view does, for views too dense for cytoscape to redraw quickly (it
 * draws element by element, 250–300 ms for 10,000 elements in software, on every change): edges as one path, nodes
 * as one path per Q colour, each kind's border as one path, then the marks — halos of the best trajectory, the
 * current path, a backup, the search hits and the selection; rings for arrivals and the executed node; labels.
 * Nodes are discs here: at the zoom this is used for they are a few pixels across, where shapes cannot be told
 * apart, and the border colour still tells the kind. Nodes and edges outside the view are skipped.
 */
export function drawTreeOverview(context: CanvasRenderingContext2D, width: number, height: number, {zoom, pan}: Viewport, input: TreeDrawing): void {
	const {source, view, positions, best, marks, matches, selected} = input;
	const sx = (id: number) => pan.x + zoom * positions.x[id]!;
	const sy = (id: number) => pan.y + zoom * positions.y[id]!;
	const radius = (id: number) => Math.max(1.5, zoom * nodeSize(source.state(id).visits) / 2);
	const margin = 40;
	const inView = (x: number, y: number) => x > -margin && x < width + margin && y > -margin && y < height + margin;

	context.setTransform(1, 0, 0, 1, 0, 0);
	context.clearRect(0, 0, width, height);
	context.lineCap = 'round';

	const bestSet = new Set(best);
	const pathSet = new Set(marks.path);
	const drawn: number[] = [];
	const plainEdges = new Path2D();
	const markedEdges = {best: new Path2D(), onPath: new Path2D(), backedUp: new Path2D()};
	for (let id = 0; id < view.visible.length; id++) {
		if (view.visible[id] !== 1)
			continue;
		const x = sx(id);
		const y = sy(id);
		const parent = source.nodes[id]!.parentId;
		if (parent !== null) {
			const px = sx(parent);
			const py = sy(parent);
			if (inView(x, y) || inView(px, py)) {
				const edges = bestSet.has(id) && bestSet.has(parent) ? markedEdges.best
					: marks.backedUp.has(id) ? markedEdges.backedUp
						: pathSet.has(id) && pathSet.has(parent) ? markedEdges.onPath : plainEdges;
				edges.moveTo(px, py);
				edges.lineTo(x, y);
			}
		}
		if (inView(x, y))
			drawn.push(id);
	}
	const stroke = (path: Path2D, colour: string, modelWidth: number) => {
		context.strokeStyle = colour;
		context.lineWidth = Math.max(1, zoom * modelWidth);
		context.stroke(path);
	};
	stroke(plainEdges, treeMarks.edge.colour, treeMarks.edge.width);
	stroke(markedEdges.backedUp, treeMarks.backedUp.colour, treeMarks.backedUp.edgeWidth);
	stroke(markedEdges.onPath, treeMarks.onPath.colour, treeMarks.onPath.edgeWidth);
	stroke(markedEdges.best, treeMarks.best.colour, treeMarks.best.edgeWidth);

	// Below 2.5 pixels a square and a disc look alike, and squares fill several times faster.
	const disc = (path: Path2D, id: number, extra: number) => {
		const x = sx(id);
		const y = sy(id);
		const r = radius(id) + extra;
		if (r < 2.5)
			path.rect(x - r, y - r, 2 * r, 2 * r);
		else {
			path.moveTo(x + r, y);
			path.arc(x, y, r, 0, 2 * Math.PI);
		}
	};
	/** One halo mark, over every node that has it. */
	const halos = (ids: Iterable<number>, {colour, opacity, padding}: {colour: string; opacity: number; padding: number}) => {
		const path = new Path2D();
		for (const id of ids)
			if (view.visible[id] === 1)
				disc(path, id, Math.max(2, zoom * padding));
		context.globalAlpha = opacity;
		context.fillStyle = colour;
		context.fill(path);
		context.globalAlpha = 1;
	};
	halos(bestSet, treeMarks.best);
	halos(pathSet, treeMarks.onPath);
	halos(marks.backedUp, treeMarks.backedUp);
	if (selected !== null)
		halos([selected], treeMarks.selected);

	const fills = qColours.map(() => new Path2D());
	const borders = new Map<NodeKind, Path2D>();
	for (const id of drawn) {
		const state = source.state(id);
		disc(fills[qStep(state.q)]!, id, 0);
		const kind = nodeKind(state);
		if (!borders.has(kind))
			borders.set(kind, new Path2D());
		disc(borders.get(kind)!, id, 0);
	}
	fills.forEach((path, step) => {
		context.fillStyle = qColours[step]!;
		context.fill(path);
	});
	context.lineWidth = Math.max(0.75, zoom * 2);
	for (const [kind, path] of borders) {
		context.strokeStyle = nodeKindMarks[kind].border;
		context.stroke(path);
	}

	/** A ring mark: the node's border redrawn wider, in the mark's colour. */
	const ring = (ids: Iterable<number>, {colour, width: ringWidth}: {colour: string; width: number}) => {
		const path = new Path2D();
		for (const id of ids)
			if (view.visible[id] === 1)
				disc(path, id, 0);
		context.strokeStyle = colour;
		context.lineWidth = Math.max(1.5, zoom * ringWidth);
		context.stroke(path);
	};
	ring(view.collapsedWithChildren.keys(), {colour: treeMarks.label.colour, width: 5});
	ring(marks.arrived, treeMarks.arrived);
	if (marks.executed !== null)
		ring([marks.executed], treeMarks.executed);
	halos(matches, treeMarks.match);

	// Labels last, on a light background, as cytoscape draws them: few nodes carry one at a time.
	context.font = `${treeMarks.label.size}px system-ui, sans-serif`;
	context.textAlign = 'center';
	context.textBaseline = 'bottom';
	const labelled = new Set<number>([...marks.compared.keys(), ...view.collapsedWithChildren.keys(), ...selected === null ? [] : [selected]]);
	for (const id of labelled) {
		const label = view.visible[id] === 1 ? nodeLabel(id, input) : '';
		if (!label)
			continue;
		const x = sx(id);
		const y = sy(id) - radius(id) - 4;
		const {width: textWidth} = context.measureText(label);
		context.globalAlpha = 0.8;
		context.fillStyle = '#ffffff';
		context.fillRect(x - textWidth / 2 - 1, y - treeMarks.label.size - 1, textWidth + 2, treeMarks.label.size + 2);
		context.globalAlpha = 1;
		context.fillStyle = treeMarks.label.colour;
		context.fillText(label, x, y);
	}
}

/** The visible node drawn under the screen point (x, y), the nearest if several; null when none is within reach. */
export function overviewNodeAt(x: number, y: number, {zoom, pan}: Viewport, {source, view, positions}: Pick<TreeDrawing, 'source' | 'view' | 'positions'>): number | null {
	let found: number | null = null;
	let nearest = Infinity;
	for (let id = 0; id < view.visible.length; id++) {
		if (view.visible[id] !== 1)
			continue;
		const dx = pan.x + zoom * positions.x[id]! - x;
		const dy = pan.y + zoom * positions.y[id]! - y;
		const distance = dx * dx + dy * dy;
		// A node a few pixels across is hard to hit: reach at least 4 pixels round its centre.
		const reach = Math.max(4, zoom * nodeSize(source.state(id).visits) / 2);
		if (distance <= reach * reach && distance < nearest) {
			nearest = distance;
			found = id;
		}
	}
	return found;
}
