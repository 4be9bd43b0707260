import {terminalReasons, type SearchEvent, type StoredNode, type TerminalReason} from '../../src-main/contract/search';

/** A node as it stood at one point of the search: the fields the event log changes. */
export interface NodeState {
	exists: boolean;
	visits: number;
	valueSum: number;
	/** The reference's value: the first value the node was updated with (0 before). */
	value: number;
	/** Q(s) = valueSum / visits; 0 while unvisited. */
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
	value: Float64Array;
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
	/** The current rollout's selection path, root first. */
	path: number[];
}

/** A checkpoint every this many events bounds a backward seek to that many events re-applied. */
const checkpointEvery = 512;

/**
 * Rebuilds a search's tree state from its persisted event log, at any point: after `index` events, exactly the nodes
 * that existed then, with their visits, Q, terminal status, PPM score and last UCT. The events carry every change the
 * engine made (each update is a `backup` event, each end a `terminal` one), so replay applies them and re-implements
 * none of the engine's rules. Static fields (text, code, final answer) come from the stored nodes. Forward seeks apply
 * the events in between; backward ones start from the nearest checkpoint, so a step either way costs at most
 * `checkpointEvery` events.
 */
export class TreeReplay {
	private readonly checkpoints: Cursor[] = [];
	private cursor: Cursor;
	private readonly parents: Int32Array;

	public constructor(
		public readonly nodes: readonly StoredNode[],
		public readonly events: readonly SearchEvent[]
	) {
		this.parents = Int32Array.from(nodes, node => node.parentId ?? -1);
		this.cursor = {columns: emptyColumns(nodes.length), index: 0, path: nodes.length > 0 ? [0] : []};
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
			value: c.value[id]!,
			q: visits > 0 ? c.valueSum[id]! / visits : 0,
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
				return;
			case 'execute':
				c.executed[event.nodeId] = 1;
				return;
			case 'terminal':
				c.reason[event.nodeId] = terminalReasons.indexOf(event.reason);
				c.correct[event.nodeId] = event.correct === null ? -1 : event.correct ? 1 : 0;
				return;
			case 'score':
				event.nodeIds.forEach((id, i) => c.ppm[id] = event.scores[i]!);
				return;
			case 'backup':
				// The reference's update: a node's first value is kept as its `value`.
				for (const id of event.path) {
					if (c.visits[id] === 0)
						c.value[id] = event.reward;
					c.visits[id]!++;
					c.valueSum[id]! += event.reward;
				}
				if (event.path.length > 1)
					this.cursor.path = [...event.path];
				return;
			case 'beam':
				return;
		}
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
		exists: new Uint8Array(size), visits: new Int32Array(size), valueSum: new Float64Array(size), value: new Float64Array(size),
		reason: new Int8Array(size).fill(-1), correct: new Int8Array(size).fill(-1), executed: new Uint8Array(size),
		ppm: new Float64Array(size).fill(Number.NaN), uct: new Float64Array(size).fill(Number.NaN)
	};
}

function copyCursor(cursor: Cursor): Cursor {
	const c = cursor.columns;
	return {
		columns: {
			exists: c.exists.slice(), visits: c.visits.slice(), valueSum: c.valueSum.slice(), value: c.value.slice(), reason: c.reason.slice(),
			correct: c.correct.slice(), executed: c.executed.slice(), ppm: c.ppm.slice(), uct: c.uct.slice()
		},
		index: cursor.index, path: cursor.path
	};
}

function nullable(value: number): number | null {
	return Number.isNaN(value) ? null : value;
}
