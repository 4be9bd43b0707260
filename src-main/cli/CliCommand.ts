import {parseArgs, type ParseArgsConfig} from 'node:util';
import {z} from 'zod';

export interface CliCommand {
	/** The words that select it, e.g. `dataset import`. */
	name: string;
	summary: string;
	usage: string;
	/** Returns the exit code. */
	run(args: string[]): Promise<number>;
}

/** A usage mistake: printed with the command's usage, exit code 2. */
export class CliUsageError extends Error {
	public constructor(message: string) {
		super(message);
		this.name = 'CliUsageError';
	}
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments with node's parseArgs, then validates them with the command's schema: the CLI is a
 * boundary like any other.
 */
export function parseCommandArgs<S extends z.ZodType>(args: string[], options: OptionsConfig, schema: S): z.output<S> {
	let parsed;
	try {
		parsed = parseArgs({args, options, allowPositionals: true, strict: true});
	} catch (error) {
		throw new CliUsageError((error as Error).message);
	}
	const result = schema.safeParse({...parsed.values, positionals: parsed.positionals});
	if (!result.success)
		throw new CliUsageError(z.prettifyError(result.error));
	return result.data;
}

/** `--port 8080` arrives as a string; the schemas take numbers. */
export const intArg = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export function writeJson(value: unknown): void {
	process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Rows as aligned text columns under a header, for a person at a terminal (`--json` is for programs). */
export function writeTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
	const widths = header.map((title, i) => Math.max(title.length, ...rows.map(row => row[i]!.length)));
	for (const row of [header, ...rows])
		process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
}

/**
 * An abort signal that SIGINT or SIGTERM fires, so a long command (a search, an evaluation, a training run) ends the
 * work in flight cleanly instead of dying mid-write. `release` stops listening.
 */
export function stopOnSignals(): {signal: AbortSignal; release(): void} {
	const abort = new AbortController();
	const stop = () => abort.abort(new Error('stopped by a signal'));
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	return {
		signal: abort.signal,
		release: () => {
			process.off('SIGINT', stop);
			process.off('SIGTERM', stop);
		}
	};
}
