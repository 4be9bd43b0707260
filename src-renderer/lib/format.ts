/** A rate in [0, 1] as a percentage with one decimal ("67.5 %"); "—" for none. */
export function percent(rate: number | null | undefined): string {
	return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)} %`;
}

/** Seconds as the largest two units that matter ("2 h 5 min", "3 min 20 s", "45 s"); "—" for none. */
export function duration(seconds: number | null | undefined): string {
	if (seconds === null || seconds === undefined || !Number.isFinite(seconds))
		return '—';
	const whole = Math.max(0, Math.round(seconds));
	const hours = Math.floor(whole / 3600);
	const minutes = Math.floor(whole / 60) % 60;
	if (hours > 0)
		return `${hours} h ${minutes} min`;
	return minutes > 0 ? `${minutes} min ${whole % 60} s` : `${whole} s`;
}

/** Milliseconds as seconds with two decimals at most ("1.25 s"). */
export function seconds(ms: number): string {
	return `${figure(ms / 1000, 2)} s`;
}

/**
 * A number with at most `digits` decimals and grouped thousands ("1,265", "0.412"); under 1, `digits` significant
 * digits (a loss of "0.000131", not "0"). "—" for none.
 */
export function figure(value: number | null | undefined, digits = 3): string {
	if (value === null || value === undefined)
		return '—';
	return value.toLocaleString('en-US', Math.abs(value) < 1 && digits > 0 ? {maximumSignificantDigits: digits} : {maximumFractionDigits: digits});
}
