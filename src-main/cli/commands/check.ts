import fs from 'node:fs';
import readline from 'node:readline';
import {z} from 'zod';
import {MathVerifyGrader, type GradePair} from '../../checker/MathVerifyGrader.js';
import {sandboxGrader} from '../../checker/sandboxGrader.js';
import {CliUsageError, parseCommandArgs, writeJson, type CliCommand} from '../CliCommand.js';

const Args = z.object({
	positionals: z.array(z.string()).max(2),
	jsonl: z.string().min(1).optional()
});

const CheckLine = z.object({
	id: z.union([z.string().max(200), z.number()]),
	gold: z.union([z.string(), z.array(z.string()).min(1)]),
	pred: z.string()
});

/** Gold may be a list of acceptable answers; either side may be a whole solution (Math-Verify finds its answer). */
const goldList = (gold: string | string[]) => (typeof gold === 'string' ? [gold] : gold);

export const checkCommand: CliCommand = {
	name: 'check',
	summary: 'compare answers: GOLD PRED → true/false; --jsonl FILE of {id, gold, pred} → {id, equal, rule} per line',
	usage: 'rstar check GOLD PRED | rstar check --jsonl FILE',
	async run(argv) {
		const args = parseCommandArgs(argv, {jsonl: {type: 'string'}}, Args);
		if (args.jsonl && args.positionals.length > 0)
			throw new CliUsageError('give either GOLD PRED or --jsonl FILE, not both');
		if (!args.jsonl && args.positionals.length !== 2)
			throw new CliUsageError('give GOLD and PRED (quote them), or --jsonl FILE');
		// Lazy: answers the fast path decides start no sandbox process.
		const {grader, close} = sandboxGrader({size: args.jsonl ? 2 : 1});
		try {
			if (args.jsonl)
				await checkFile(grader, args.jsonl);
			else
				process.stdout.write(`${(await grader.grade([args.positionals[0]!], args.positionals[1]!)).equal}\n`);
			return 0;
		} finally {
			await close();
		}
	}
};

/** Reads every line first, then grades all valid pairs in one `gradeMany` (batched runs, in parallel on the pool). */
async function checkFile(grader: MathVerifyGrader, file: string): Promise<void> {
	const lines = readline.createInterface({input: fs.createReadStream(file), crlfDelay: Infinity});
	const outputs: (object | GradePair & {id: string | number})[] = [];
	let lineNumber = 0;
	for await (const line of lines) {
		lineNumber++;
		if (line.trim() === '')
			continue;
		let raw: unknown;
		try {
			raw = JSON.parse(line);
		} catch (error) {
			outputs.push({id: null, equal: false, rule: 'invalid-input', error: `line ${lineNumber}: not JSON (${(error as Error).message})`});
			continue;
		}
		const parsed = CheckLine.safeParse(raw);
		if (!parsed.success) {
			const id = typeof raw === 'object' && raw !== null && 'id' in raw ? (raw as {id: unknown}).id : null;
			outputs.push({id: typeof id === 'string' || typeof id === 'number' ? id : null, equal: false, rule: 'invalid-input',
				error: `line ${lineNumber}: expected {"id", "gold", "pred"}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`});
			continue;
		}
		outputs.push({id: parsed.data.id, gold: goldList(parsed.data.gold), pred: parsed.data.pred});
	}
	const pairs = outputs.filter((entry): entry is GradePair & {id: string | number} => 'pred' in entry);
	const verdicts = await grader.gradeMany(pairs);
	for (const entry of outputs) {
		if ('pred' in entry) {
			const verdict = verdicts[pairs.indexOf(entry)]!;
			writeJson({id: entry.id, equal: verdict.equal, rule: verdict.rule});
		} else {
			writeJson(entry);
		}
	}
}
