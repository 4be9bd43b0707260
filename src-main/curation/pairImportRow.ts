import {z} from 'zod';

const Reference = z.object({
	prompt: z.string(),
	pos: z.string().min(1),
	neg: z.string().min(1),
	pos_count: z.number().int().min(1).default(1),
	neg_count: z.number().int().min(1).default(1)
});
const Trl = z.object({prompt: z.string(), chosen: z.string().min(1), rejected: z.string().min(1)});

export interface ImportedPair {
	prompt: string;
	chosen: string;
	rejected: string;
	posCount: number;
	negCount: number;
}

/**
 * One JSONL line of pairs in the reference's layout (`{prompt, pos, neg, pos_count?, neg_count?}`, as
 * train/sample_rm_data.py writes them) or TRL's explicit-prompt preference layout (`{prompt, chosen, rejected}`,
 * strings; TRL's conversational form carries no step to curate and is refused). Told apart by their keys.
 */
export function pairImportRow(line: string): ImportedPair | {error: string} {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch (error) {
		return {error: `not JSON: ${(error as Error).message}`};
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		return {error: 'not a JSON object'};
	const layout = 'pos' in value || 'neg' in value ? Reference : 'chosen' in value || 'rejected' in value ? Trl : null;
	if (!layout)
		return {error: 'neither the reference\'s layout {prompt, pos, neg} nor TRL\'s {prompt, chosen, rejected}'};
	const parsed = layout.safeParse(value);
	if (!parsed.success)
		return {error: z.prettifyError(parsed.error).replace(/\n/g, '; ')};
	const row = parsed.data;
	return 'pos' in row
		? {prompt: row.prompt, chosen: row.pos, rejected: row.neg, posCount: row.pos_count, negCount: row.neg_count}
		: {prompt: row.prompt, chosen: row.chosen, rejected: row.rejected, posCount: 1, negCount: 1};
}
