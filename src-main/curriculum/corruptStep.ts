import type {Random} from './Random.js';

const numberLiteral = /(?<![\w.])\d+(?:\.\d+)?(?![\w.])/g;
const operator = / (\+|-|\*|\/\/|\/) /g;
const swaps: Record<string, string[]> = {'+': ['-', '*'], '-': ['+'], '*': ['+', '//'], '//': ['*', '-'], '/': ['*']};

/**
 * A plausible wrong version of one step's code, for smoke preference pairs: one number changed or one operator
 * swapped, the comment kept — what a policy gets wrong while still sounding right. Null when the code has neither.
 */
export function corruptStep(code: string, random: Random): string | null {
	const numbers = [...code.matchAll(numberLiteral)];
	const operators = [...code.matchAll(operator)];
	if (numbers.length === 0 && operators.length === 0)
		return null;
	if (operators.length > 0 && (numbers.length === 0 || random.int(0, 1) === 0)) {
		const match = random.pick(operators);
		const replacement = random.pick(swaps[match[1]!]!);
		return `${code.slice(0, match.index)} ${replacement} ${code.slice(match.index + match[0].length)}`;
	}
	const match = random.pick(numbers);
	const value = Number(match[0]);
	const changed = random.pick([value + 1, value + random.int(2, 9), Math.max(0, value - random.int(1, 3)), value * 2]);
	const text = Number.isInteger(value) ? String(changed) : changed.toFixed(match[0].split('.')[1]!.length);
	return text === match[0] ? null : `${code.slice(0, match.index)}${text}${code.slice(match.index + match[0].length)}`;
}
