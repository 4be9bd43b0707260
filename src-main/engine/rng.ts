/**
 * A seeded generator (mulberry32) and seed derivation, so that a search is a pure function of its seed: the seeds of
 * rollout k, node n and candidate i are derived from (seed, k, n, i), never from the order work happened to finish in.
 */
export function deriveSeed(...parts: number[]): number {
	let h = 0x811c9dc5;
	for (const part of parts) {
		h = Math.imul(h ^ (part & 0xffff), 0x01000193);
		h = Math.imul(h ^ (part >>> 16), 0x01000193);
	}
	h ^= h >>> 15;
	h = Math.imul(h, 0x2c1b3c6d);
	h ^= h >>> 12;
	return (h >>> 0) & 0x7fffffff;
}

export function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * The first min(k, size) entries of a uniformly random permutation of 0 … size − 1, in O(k): a Fisher–Yates shuffle
 * over a virtual array whose moved entries are kept in a map, so a large size costs no more than k.
 */
export function shuffledPrefix(size: number, k: number, random: () => number): number[] {
	const moved = new Map<number, number>();
	const prefix: number[] = [];
	for (let i = 0; i < Math.min(k, size); i++) {
		const j = i + Math.floor(random() * (size - i));
		prefix.push(moved.get(j) ?? j);
		moved.set(j, moved.get(i) ?? i);
	}
	return prefix;
}
