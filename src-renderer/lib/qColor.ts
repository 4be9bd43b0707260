/** A diverging scale for Q ∈ [−1, 1]: red (wrong-leaning) through a light grey (0) to blue (right-leaning), ColorBrewer RdBu. */
export const qScale = [
	{q: -1, color: [178, 24, 43]},
	{q: -0.5, color: [239, 138, 98]},
	{q: 0, color: [238, 238, 238]},
	{q: 0.5, color: [103, 169, 207]},
	{q: 1, color: [33, 102, 172]}
] as const;

/** The scale's colour for `q` (clamped to [−1, 1]), as `#rrggbb`. */
export function qColor(q: number): string {
	const clamped = Math.max(-1, Math.min(1, Number.isFinite(q) ? q : 0));
	const upper = qScale.findIndex(stop => stop.q >= clamped);
	const high = qScale[Math.max(upper, 1)]!;
	const low = qScale[Math.max(upper, 1) - 1]!;
	const t = (clamped - low.q) / (high.q - low.q);
	return `#${low.color.map((c, i) => Math.round(c + (high.color[i]! - c) * t).toString(16).padStart(2, '0')).join('')}`;
}

/** Node diameter in pixels: grows with log visits, so the well-trodden paths stand out without hiding the rest. */
export function nodeSize(visits: number): number {
	return Math.min(64, 14 + 7 * Math.log2(1 + visits));
}

/** Q drawn in 21 steps of 0.1 (−1, −0.9, …, 1): the step of `q`, clamped. Canvases then fill one path per step. */
export function qStep(q: number): number {
	return Math.round((Math.max(-1, Math.min(1, Number.isFinite(q) ? q : 0)) + 1) * 10);
}

/** The colour of each Q step. */
export const qColours: readonly string[] = Array.from({length: 21}, (_, step) => qColor(step / 10 - 1));
