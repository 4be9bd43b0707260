import type {RowIssue} from '../contract/datasets.js';
import {lastBoxed} from '../checker/lastBoxed.js';
import {InvalidUtf8Field} from './RawRecord.js';

/** A row's fields as stored. */
export interface MappedProblem {
	sourceIndex: string | null;
	question: string;
	/** Acceptable answers; empty means "no ground truth". */
	answers: string[];
	level: string | null;
	subject: string | null;
	meta: Record<string, unknown>;
}

export type FieldIssue = Omit<RowIssue, 'row' | 'line'>;

export interface MappedRow {
	/** Absent when the row is rejected. */
	problem?: MappedProblem;
	issues: FieldIssue[];
}

/** Names the common dataset layouts use for each field, in order of preference. */
export const fieldNames = {
	question: ['question', 'problem', 'prompt', 'query', 'input', 'instruction'],
	answer: ['answer', 'gt', 'ground_truth', 'final_answer', 'target', 'expected_answer'],
	/** Worked solutions: the answer is the last `\boxed{}` in them. */
	solution: ['solution', 'response', 'output'],
	index: ['index', 'id', 'idx', 'unique_id', 'problem_id'],
	level: ['level', 'difficulty'],
	subject: ['subject', 'type', 'category', 'topic']
} as const;

/** Longer fields are rejected: a question this long is a broken export, not a problem. */
export const maxFieldChars = 100_000;

/**
 * Maps one parsed record onto a problem, strictly: anything changed on the way is reported as `normalised`,
 * anything that cannot be taken as it stands is `rejected`. Nothing is trimmed or altered silently.
 */
export function mapProblemRow(value: unknown): MappedRow {
	const issues: FieldIssue[] = [];
	const reject = (message: string, field?: string): MappedRow => ({issues: [...issues, {severity: 'rejected', field, message}]});

	if (typeof value !== 'object' || value === null || Array.isArray(value))
		return reject(`the row is ${describe(value)}, expected an object with a question and an answer`);
	const record = value as Record<string, unknown>;

	for (const [key, field] of Object.entries(record)) {
		const problem = stringProblem(field);
		if (problem)
			return reject(`field "${key}" ${problem}`, key);
	}

	const questionKey = firstPresent(record, fieldNames.question);
	if (!questionKey)
		return reject(`no question field (looked for ${fieldNames.question.join(', ')})`);
	const question = record[questionKey];
	if (typeof question !== 'string')
		return reject(`"${questionKey}" is ${describe(question)}, expected a string`, questionKey);
	if (question.trim() === '')
		return reject(`"${questionKey}" is empty`, questionKey);

	const answers = mapAnswers(record, issues);
	if ('rejected' in answers)
		return reject(answers.rejected, answers.field);

	const index = mapScalar(record, fieldNames.index);
	if ('rejected' in index)
		return reject(index.rejected, index.field);
	const level = mapScalar(record, fieldNames.level);
	if ('rejected' in level)
		return reject(level.rejected, level.field);
	const subject = mapScalar(record, fieldNames.subject);
	if ('rejected' in subject)
		return reject(subject.rejected, subject.field);

	const taken = new Set([questionKey, answers.key, index.key, level.key, subject.key]);
	const meta: Record<string, unknown> = {};
	for (const [key, field] of Object.entries(record))
		if (!taken.has(key))
			meta[key] = typeof field === 'bigint' ? String(field) : field;

	return {
		problem: {
			question,
			answers: answers.values,
			sourceIndex: index.value,
			level: level.value,
			subject: subject.value,
			meta
		},
		issues
	};
}

type MappedScalar = {key?: string; value: string | null} | {rejected: string; field: string};

/**
 * An optional label (index, level, subject): a string, or a number kept as its decimal string. Labels are only
 * shown and filtered on, so storing `3` as `"3"` changes nothing a user relies on and is not reported.
 */
function mapScalar(record: Record<string, unknown>, keys: readonly string[]): MappedScalar {
	const key = firstPresent(record, keys);
	if (!key || record[key] === null)
		return {key, value: null};
	const field = record[key];
	if (typeof field === 'string')
		return {key, value: field};
	if ((typeof field === 'number' && Number.isFinite(field)) || typeof field === 'bigint')
		return {key, value: String(field)};
	return {rejected: `"${key}" is ${describe(field)}, expected a string or a number`, field: key};
}

type MappedAnswers = {values: string[]; key?: string} | {rejected: string; field: string};

function mapAnswers(record: Record<string, unknown>, issues: FieldIssue[]): MappedAnswers {
	const answerKey = firstPresent(record, fieldNames.answer);
	if (answerKey && !isEmpty(record[answerKey])) {
		const field = record[answerKey];
		if (typeof field === 'string')
			return {values: [fromAnswerText(field, answerKey, issues)], key: answerKey};
		if (typeof field === 'number' || typeof field === 'bigint') {
			issues.push({severity: 'normalised', field: answerKey, message: `"${answerKey}" number ${field} stored as the string "${field}"`});
			return {values: [String(field)], key: answerKey};
		}
		if (Array.isArray(field)) {
			const values: string[] = [];
			for (const [i, item] of field.entries()) {
				if (typeof item === 'string' && item.trim() !== '')
					values.push(item);
				else if (typeof item === 'number') {
					issues.push({severity: 'normalised', field: answerKey, message: `"${answerKey}"[${i}] number ${item} stored as the string "${item}"`});
					values.push(String(item));
				} else
					return {rejected: `"${answerKey}"[${i}] is ${describe(item)}, expected a non-empty string or a number`, field: answerKey};
			}
			return {values, key: answerKey};
		}
		return {rejected: `"${answerKey}" is ${describe(field)}, expected a string, a number or a list of them`, field: answerKey};
	}

	const solutionKey = firstPresent(record, fieldNames.solution);
	if (solutionKey && typeof record[solutionKey] === 'string') {
		const boxed = lastBoxed(record[solutionKey]);
		if (boxed !== null && boxed.trim() !== '') {
			issues.push({severity: 'normalised', field: solutionKey, message: `answer "${boxed}" taken from the last \\boxed{} of "${solutionKey}"`});
			// The solution stays in meta: only the answer is derived from it.
			return {values: [boxed]};
		}
	}

	issues.push({
		severity: 'normalised', field: answerKey ?? solutionKey,
		message: answerKey ? `"${answerKey}" is empty: imported flagged "no ground truth"` : 'no answer field: imported flagged "no ground truth"'
	});
	return {values: [], key: answerKey};
}

/** GSM8K's original layout ends a worked answer with `#### 42`; a boxed answer is taken the same way. */
function fromAnswerText(text: string, key: string, issues: FieldIssue[]): string {
	const marker = text.lastIndexOf('####');
	if (marker >= 0 && text.slice(marker + 4).trim() !== '') {
		const value = text.slice(marker + 4).trim();
		issues.push({severity: 'normalised', field: key, message: `answer "${value}" taken from after the last "####" of "${key}"`});
		return value;
	}
	const boxed = text.includes('\\boxed') && text.trim().length > 0 ? lastBoxed(text) : null;
	if (boxed !== null && boxed.trim() !== '' && boxed !== text) {
		issues.push({severity: 'normalised', field: key, message: `answer "${boxed}" taken from the last \\boxed{} of "${key}"`});
		return boxed;
	}
	return text;
}

function stringProblem(field: unknown): string | null {
	if (field instanceof InvalidUtf8Field)
		return `is not valid UTF-8 (${field.byteLength} bytes)`;
	if (typeof field === 'string') {
		if (field.includes('\0'))
			return `contains a NUL character (at ${field.indexOf('\0') + 1})`;
		if (field.length > maxFieldChars)
			return `is ${field.length} characters long, over the ${maxFieldChars} limit`;
	}
	if (Array.isArray(field))
		for (const item of field) {
			const problem = stringProblem(item);
			if (problem)
				return problem;
		}
	return null;
}

function firstPresent(record: Record<string, unknown>, keys: readonly string[]): string | undefined {
	return keys.find(key => Object.hasOwn(record, key) && record[key] !== undefined);
}

function isEmpty(value: unknown): boolean {
	return value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

function describe(value: unknown): string {
	if (value === null)
		return 'null';
	if (Array.isArray(value))
		return 'a list';
	if (value instanceof InvalidUtf8Field)
		return 'invalid UTF-8';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
