import fs from 'node:fs';
import readline from 'node:readline';
import {z} from 'zod';
import {checkAnswer} from '../../checker/checkAnswer.js';
import {answerOf} from '../../checker/extractAnswer.js';
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

/** Gold may be a list of acceptable answers; either side may be a whole solution (its final answer is taken). */
function check(gold: string | string[], pred: string) {
	const golds = (typeof gold === 'string' ? [gold] : gold).map(answerOf);
	return checkAnswer(golds, answerOf(pred));
}

export const checkCommand: CliCommand = {
	name: 'check',
	summary: 'compare answers: GOLD PRED → true/false; --jsonl FILE of {id, gold, pred} → {id, equal, rule} per line',
	usage: 'rstar check GOLD PRED | rstar check --jsonl FILE',
	async run(argv) {
		const args = parseCommandArgs(argv, {jsonl: {type: 'string'}}, Args);
		if (args.jsonl) {
			if (args.positionals.length > 0)
				throw new CliUsageError('give either GOLD PRED or --jsonl FILE, not both');
			await checkFile(args.jsonl);
			return 0;
		}
		if (args.positionals.length !== 2)
			throw new CliUsageError('give GOLD and PRED (quote them), or --jsonl FILE');
		process.stdout.write(`${check(args.positionals[0]!, args.positionals[1]!).equal}\n`);
		return 0;
	}
};

async function checkFile(file: string): Promise<void> {
	const lines = readline.createInterface({input: fs.createReadStream(file), crlfDelay: Infinity});
	let lineNumber = 0;
	for await (const line of lines) {
		lineNumber++;
		if (line.trim() === '')
			continue;
		let raw: unknown;
		try {
			raw = JSON.parse(line);
		} catch (error) {
			writeJson({id: null, equal: false, rule: 'invalid-input', error: `line ${lineNumber}: not JSON (${(error as Error).message})`});
			continue;
		}
		const parsed = CheckLine.safeParse(raw);
		if (!parsed.success) {
			const id = typeof raw === 'object' && raw !== null && 'id' in raw ? (raw as {id: unknown}).id : null;
			writeJson({id: typeof id === 'string' || typeof id === 'number' ? id : null, equal: false, rule: 'invalid-input',
				error: `line ${lineNumber}: expected {"id", "gold", "pred"}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`});
			continue;
		}
		const result = check(parsed.data.gold, parsed.data.pred);
		writeJson({id: parsed.data.id, equal: result.equal, rule: result.rule});
	}
}
