/**
 * How the viewer marks nodes and edges beyond their own colour, size and shape: one table for the cytoscape
 * stylesheet, the overview drawn for dense views and the SVG export, so the three draw a tree alike. Halo padding
 * and ring widths are in model units (pixels at zoom 1).
 */
export const treeMarks = {
	/** A plain edge. */
	edge: {colour: '#b8bfcc', width: 1.5},
	/** The best trajectory: a halo around its nodes and a wide edge. */
	best: {colour: '#f2b705', opacity: 0.55, padding: 5, edgeWidth: 4},
	/** The current rollout's selection path. */
	onPath: {colour: '#3559d6', opacity: 0.35, padding: 6, edgeWidth: 4},
	/** The path a backup has just updated. */
	backedUp: {colour: '#ea580c', opacity: 0.5, padding: 7, edgeWidth: 4},
	/** A search hit. */
	match: {colour: '#c026d3', opacity: 0.35, padding: 6},
	/** The selected node. */
	selected: {colour: '#111827', opacity: 0.7, padding: 8},
	/** Children that have just arrived with an expansion: a ring. */
	arrived: {colour: '#7c3aed', width: 5},
	/** The node whose code has just run: a ring. */
	executed: {colour: '#0891b2', width: 6},
	/** A label above a node (UCT, a collapsed node's summary, the selected node's id). */
	label: {colour: '#1d2330', size: 11}
} as const;
