import fs from 'node:fs';
import readline from 'node:readline';
import {z} from 'zod';
import {ExecBatchLine, type ExecResult} from '../../contract/sandbox.js';
import {PyodideExecutorPool} from '../../sandbox/PyodideExecutorPool.js';
import {intArg, parseCommandArgs, writeJson, type CliCommand} from '../CliCommand.js';

const Args = z.object({
	positionals: z.tuple([], {error: 'exec reads the program from stdin (or --batch FILE); it takes no positional arguments'}),
	'timeout-ms': intArg(50, 600_000).optional(),
	batch: z.string().min(1).optional(),
	workers: intArg(1, 16).optional(),
	isolation: z.boolean().default(false)
});

/** The fields a result line carries, in this order. */
function resultLine(result: ExecResult): ExecResult {
	return {ok: result.ok, stdout: result.stdout, error: result.error, timedOut: result.timedOut, ms: result.ms, stderr: result.stderr, truncated: result.truncated};
}

export const exec: CliCommand = {
	name: 'exec',
	summary: 'run Python in the sandbox: a program on stdin → one JSON line; --batch FILE.jsonl of {id, code} → one line each, in order',
	usage: 'rstar exec [--timeout-ms N] [--batch FILE.jsonl] [--workers N] [--isolation]',
	async run(argv) {
		const args = parseCommandArgs(argv, {
			'timeout-ms': {type: 'string'}, batch: {type: 'string'}, workers: {type: 'string'}, isolation: {type: 'boolean'}
		}, Args);
		const limits = args['timeout-ms'] === undefined ? {} : {timeoutMs: args['timeout-ms']};
		const pool = new PyodideExecutorPool({size: args.batch ? args.workers : 1, cacheEntries: 0});
		try {
			if (args.isolation) {
				writeJson(await pool.isolationReport());
				return 0;
			}
			if (!args.batch) {
				const code = await readStdin();
				writeJson(resultLine(await pool.run(code, limits)));
				return 0;
			}
			await runBatch(pool, args.batch, limits);
			return 0;
		} finally {
			await pool.close();
		}
	}
};

async function readStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin)
		chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

/**
 * Streams the batch file: lines are started as the pool takes them, at most a few per worker ahead, and printed
 * in input order. A line that is not `{id, code}` gets a failed result naming the line, and the batch goes on.
 */
async function runBatch(pool: PyodideExecutorPool, file: string, limits: {timeoutMs?: number}): Promise<void> {
	const lines = readline.createInterface({input: fs.createReadStream(file), crlfDelay: Infinity});
	const inFlight: Promise<object>[] = [];
	const window = 8;
	let lineNumber = 0;
	for await (const line of lines) {
		lineNumber++;
		if (line.trim() === '')
			continue;
		inFlight.push(runLine(pool, line, lineNumber, limits));
		if (inFlight.length >= window)
			writeJson(await inFlight.shift()!);
	}
	for (const pending of inFlight)
		writeJson(await pending);
}

async function runLine(pool: PyodideExecutorPool, line: string, lineNumber: number, limits: {timeoutMs?: number}): Promise<object> {
	let raw: unknown;
	try {
		raw = JSON.parse(line);
	} catch (error) {
		return invalidLine(null, lineNumber, `not JSON (${(error as Error).message})`);
	}
	const parsed = ExecBatchLine.safeParse(raw);
	if (!parsed.success) {
		const id = typeof raw === 'object' && raw !== null && 'id' in raw ? (raw as {id: unknown}).id : null;
		return invalidLine(typeof id === 'string' || typeof id === 'number' ? id : null, lineNumber, z.prettifyError(parsed.error).replace(/\n/g, ' '));
	}
	return {id: parsed.data.id, ...resultLine(await pool.run(parsed.data.code, limits))};
}

function invalidLine(id: string | number | null, lineNumber: number, why: string): object {
	return {id, ok: false, stdout: '', error: `invalid batch line ${lineNumber}: expected {"id": …, "code": "…"}: ${why}`, timedOut: false, ms: 0, stderr: '', truncated: false};
}
