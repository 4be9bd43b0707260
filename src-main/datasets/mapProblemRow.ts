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

/** Longer strings are rejected, at any depth: a question this long is a broken export, not a problem. */
export const maxFieldChars = 100_000;
/**
 * Deeper values are rejected: real rows nest a few levels (a list of answers, a dict of metadata). Past this a row
 * costs the store's JSON.stringify its stack (5,000 levels overflowed it) and the problem view megabytes of
 * indentation.
 */
export const maxNestingDepth = 32;
/** All strings of a row together (keys included), at every depth: ten fields at the field limit. */
export const maxRowChars = 1_000_000;
/** Values in a row, at every depth (each string, number, list and object counts one): what the problem view can show. */
export const maxRowValues = 10_000;

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

	const problem = rowProblem(record);
	if (problem)
		return reject(problem.message, problem.field);

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

/** One value met on the walk over a row, with the way back to its field for the message. */
interface Visit {
	value: unknown;
	/** 1 for a field of the row, 2 for what a field holds, and so on. */
	depth: number;
	key: string | number;
	parent: Visit | null;
}

/**
 * The first value of the row, at any depth, that breaks a limit (NUL, invalid UTF-8, a string or key over
 * `maxFieldChars`, nesting past `maxNestingDepth`, the row past `maxRowChars` or `maxRowValues`), or null. The walk
 * keeps its own stack, so no row can overflow the call stack, and it stops at the first fault.
 */
function rowProblem(record: Record<string, unknown>): {field: string; message: string} | null {
	const pending: Visit[] = Object.entries(record).reverse().map(([key, value]) => ({value, depth: 1, key, parent: null}));
	let chars = 0;
	let values = 0;
	for (let visit = pending.pop(); visit; visit = pending.pop()) {
		const fault = valueProblem(visit.value) ?? (typeof visit.key === 'string' ? keyProblem(visit.key) : null);
		values++;
		chars += (typeof visit.value === 'string' ? visit.value.length : 0) + (typeof visit.key === 'string' ? visit.key.length : 0);
		const message = fault
			?? (visit.depth > maxNestingDepth ? `is nested more than ${maxNestingDepth} levels deep — flatten it or leave it out` : null)
			?? (chars > maxRowChars ? `takes the row past ${maxRowChars} characters in all (strings and keys at every depth)` : null)
			?? (values > maxRowValues ? `takes the row past ${maxRowValues} values in all (at every depth)` : null);
		if (message)
			return {field: fieldOf(visit), message: `field "${pathOf(visit)}" ${message}`};
		const children = Array.isArray(visit.value)
			? visit.value.map((value, index) => [index, value] as const)
			: isPlainObject(visit.value) ? Object.entries(visit.value) : [];
		for (let i = children.length - 1; i >= 0; i--)
			pending.push({value: children[i]![1], depth: visit.depth + 1, key: children[i]![0], parent: visit});
	}
	return null;
}

function valueProblem(value: unknown): string | null {
	if (value instanceof InvalidUtf8Field)
		return `is not valid UTF-8 (${value.byteLength} bytes)`;
	if (typeof value === 'string') {
		if (value.includes('\0'))
			return `contains a NUL character (at ${value.indexOf('\0') + 1})`;
		if (value.length > maxFieldChars)
			return `is ${value.length} characters long, over the ${maxFieldChars} limit`;
	}
	return null;
}

function keyProblem(key: string): string | null {
	if (key.includes('\0'))
		return 'has a NUL character in its name';
	if (key.length > maxFieldChars)
		return `has a name ${key.length} characters long, over the ${maxFieldChars} limit`;
	return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !(value instanceof InvalidUtf8Field);
}

function fieldOf(visit: Visit): string {
	let top = visit;
	while (top.parent)
		top = top.parent;
	return String(top.key);
}

/** `extra.list[2].s`; only the first and last few steps of a deep path, so a message stays short. */
function pathOf(visit: Visit): string {
	const steps: (string | number)[] = [];
	for (let at: Visit | null = visit; at; at = at.parent)
		steps.push(at.key);
	steps.reverse();
	const shown = steps.length > 8 ? [...steps.slice(0, 4), '…', ...steps.slice(-3)] : steps;
	return shown.map((step, i) => typeof step === 'number' ? `[${step}]` : i === 0 || step === '…' ? String(step) : `.${step}`).join('');
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
