import {terminalReasons, type SearchEvent, type SearchSettings, type StoredNode, type TerminalReason} from '../../src-main/contract/search';

/** What replay needs of a search's settings: how new nodes get their prior Q. */
export type ReplaySettings = Pick<SearchSettings, 'qMode' | 'useGroundTruth'>;

/** A node as it stood at one point of the search: the fields the event log changes. */
export interface NodeState {
	exists: boolean;
	visits: number;
	valueSum: number;
	/** Q(s) while N(s) = 0: 0, the PPM's score, or a terminal's reward. */
	prior: number;
	/** Q(s) = valueSum / visits once visited; the prior before. */
	q: number;
	terminal: boolean;
	reason: TerminalReason | null;
	correct: boolean | null;
	/** Its code ran (output or error known). */
	executed: boolean;
	ppm: number | null;
	/** UCT when last selected. */
	uct: number | null;
}

/** Struct-of-arrays state of every node, cheap to copy for checkpoints. NaN stands for null. */
interface Columns {
	exists: Uint8Array;
	visits: Int32Array;
	valueSum: Float64Array;
	prior: Float64Array;
	/** Index into terminalReasons, −1 while open. */
	reason: Int8Array;
	/** −1 unknown, 0 wrong, 1 correct. */
	correct: Int8Array;
	executed: Uint8Array;
	ppm: Float64Array;
	uct: Float64Array;
}

interface Cursor {
	columns: Columns;
	/** Events applied. */
	index: number;
	/** The node whose expansion is being evaluated: it turns terminal when all its new children do. */
	expanding: number;
	/** The current rollout's selection path, root first. */
	path: number[];
}

/** A checkpoint every this many events bounds a backward seek to that many events re-applied. */
const checkpointEvery = 512;

/**
 * Rebuilds a search's tree state from its persisted event log, at any point: after `index` events, exactly the nodes
 * that existed then, with their visits, Q, terminal status, PPM score and last UCT. Static fields (text, code, final
 * answer) come from the stored nodes. Forward seeks apply the events in between; backward ones start from the nearest
 * checkpoint, so a step either way costs at most `checkpointEvery` events.
 */
export class TreeReplay {
	private readonly checkpoints: Cursor[] = [];
	private cursor: Cursor;
	private readonly parents: Int32Array;
	private readonly children: number[][];

	public constructor(
		public readonly nodes: readonly StoredNode[],
		public readonly events: readonly SearchEvent[],
		private readonly settings: ReplaySettings
	) {
		this.parents = Int32Array.from(nodes, node => node.parentId ?? -1);
		this.children = nodes.map(() => []);
		for (const node of nodes)
			if (node.parentId !== null)
				this.children[node.parentId]!.push(node.id);
		this.cursor = {columns: emptyColumns(nodes.length), index: 0, expanding: -1, path: nodes.length > 0 ? [0] : []};
		if (nodes.length > 0)
			this.cursor.columns.exists[0] = 1;
		this.checkpoints.push(copyCursor(this.cursor));
	}

	/** Events applied so far. */
	public get index(): number {
		return this.cursor.index;
	}

	/** The last event applied, if any: what the view highlights. */
	public get currentEvent(): SearchEvent | null {
		return this.cursor.index === 0 ? null : this.events[this.cursor.index - 1]!;
	}

	/** The current rollout's path from the root, as selection has walked it (or as the last backup went). */
	public get selectionPath(): readonly number[] {
		return this.cursor.path;
	}

	/** Moves to the state after `index` events (clamped to the log). */
	public seek(index: number): void {
		const target = Math.max(0, Math.min(this.events.length, Math.trunc(index)));
		if (target < this.cursor.index) {
			const checkpoint = this.checkpoints[Math.min(Math.floor(target / checkpointEvery), this.checkpoints.length - 1)]!;
			this.cursor = copyCursor(checkpoint);
		}
		while (this.cursor.index < target) {
			this.apply(this.events[this.cursor.index]!);
			this.cursor.index++;
			if (this.cursor.index % checkpointEvery === 0 && this.checkpoints.length === this.cursor.index / checkpointEvery)
				this.checkpoints.push(copyCursor(this.cursor));
		}
	}

	/** The first event of rollout `rollout` (the log's end when there is none). */
	public rolloutStart(rollout: number): number {
		const found = this.events.findIndex(event => event.rollout >= rollout);
		return found === -1 ? this.events.length : found;
	}

	public state(id: number): NodeState {
		const c = this.cursor.columns;
		const visits = c.visits[id]!;
		const reason = c.reason[id]!;
		return {
			exists: c.exists[id] === 1,
			visits,
			valueSum: c.valueSum[id]!,
			prior: c.prior[id]!,
			q: visits > 0 ? c.valueSum[id]! / visits : c.prior[id]!,
			terminal: reason >= 0,
			reason: reason >= 0 ? terminalReasons[reason]! : null,
			correct: c.correct[id] === -1 ? null : c.correct[id] === 1,
			executed: c.executed[id] === 1,
			ppm: nullable(c.ppm[id]!),
			uct: nullable(c.uct[id]!)
		};
	}

	private apply(event: SearchEvent): void {
		const c = this.cursor.columns;
		switch (event.kind) {
			case 'select':
				c.uct[event.nodeId] = event.siblings.find(sibling => sibling.id === event.nodeId)?.uct ?? Number.NaN;
				if (this.parents[event.nodeId] !== this.cursor.path.at(-1))
					this.cursor.path = this.pathTo(this.parents[event.nodeId]!);
				this.cursor.path = [...this.cursor.path, event.nodeId];
				return;
			case 'expand':
				for (const child of event.children)
					c.exists[child] = 1;
				this.cursor.expanding = event.nodeId;
				return;
			case 'execute':
				c.executed[event.nodeId] = 1;
				return;
			case 'terminal':
				c.reason[event.nodeId] = terminalReasons.indexOf(event.reason);
				c.correct[event.nodeId] = event.correct === null ? -1 : event.correct ? 1 : 0;
				c.prior[event.nodeId] = event.reward;
				this.closeExpansion(event.nodeId);
				return;
			case 'score':
				event.nodeIds.forEach((id, i) => this.score(id, event.scores[i]!));
				return;
			case 'backup':
				for (const id of event.path) {
					c.visits[id]!++;
					c.valueSum[id]! += event.reward;
				}
				this.cursor.path = [...event.path];
				return;
			case 'beam':
				return;
		}
	}

	/** As the engine does after evaluating an expansion: a node whose new children are all terminal is terminal. */
	private closeExpansion(child: number): void {
		const parent = this.parents[child]!;
		if (parent < 0 || parent !== this.cursor.expanding)
			return;
		const c = this.cursor.columns;
		if (this.children[parent]!.every(id => c.exists[id] === 0 || c.reason[id]! >= 0))
			c.reason[parent] = terminalReasons.indexOf('children-terminal');
	}

	/** The PPM's score; in ppm-augmented mode also the prior Q of an open step, or of an answer without ground truth. */
	private score(id: number, score: number): void {
		const c = this.cursor.columns;
		c.ppm[id] = score;
		if (this.settings.qMode !== 'ppm-augmented')
			return;
		const reason = c.reason[id]!;
		if (reason < 0 || (terminalReasons[reason] === 'answer' && !(this.settings.useGroundTruth && c.correct[id] !== -1)))
			c.prior[id] = score;
	}

	private pathTo(id: number): number[] {
		const path: number[] = [];
		for (let node = id; node >= 0; node = this.parents[node]!)
			path.unshift(node);
		return path;
	}
}

function emptyColumns(size: number): Columns {
	return {
		exists: new Uint8Array(size), visits: new Int32Array(size), valueSum: new Float64Array(size), prior: new Float64Array(size),
		reason: new Int8Array(size).fill(-1), correct: new Int8Array(size).fill(-1), executed: new Uint8Array(size),
		ppm: new Float64Array(size).fill(Number.NaN), uct: new Float64Array(size).fill(Number.NaN)
	};
}

function copyCursor(cursor: Cursor): Cursor {
	const c = cursor.columns;
	return {
		columns: {
			exists: c.exists.slice(), visits: c.visits.slice(), valueSum: c.valueSum.slice(), prior: c.prior.slice(), reason: c.reason.slice(),
			correct: c.correct.slice(), executed: c.executed.slice(), ppm: c.ppm.slice(), uct: c.uct.slice()
		},
		index: cursor.index, expanding: cursor.expanding, path: cursor.path
	};
}

function nullable(value: number): number | null {
	return Number.isNaN(value) ? null : value;
}
