/**
 * A small parser and complex-valued evaluator for the math in answers (LaTeX or plain): enough to decide that two
 * spellings denote the same value or the same function, by evaluating both at the same random points. Bounded by
 * construction: inputs, trees and exponents are capped, so no answer can make a check hang.
 */

export interface Complex {
	re: number;
	im: number;
}

export type MathNode =
	| {kind: 'number'; value: number}
	| {kind: 'constant'; name: 'pi' | 'e' | 'i' | 'infinity'}
	| {kind: 'variable'; name: string}
	| {kind: 'unary'; op: '-' | '+'; arg: MathNode}
	| {kind: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: MathNode; right: MathNode}
	| {kind: 'call'; fn: string; args: MathNode[]}
	| {kind: 'factorial'; arg: MathNode};

const maxInputLength = 2000;
const maxNodes = 2000;
/** Exponents beyond this make a value meaningless to compare numerically. */
const maxExponent = 1e4;

const functions = new Set(['sqrt', 'root', 'sin', 'cos', 'tan', 'cot', 'sec', 'csc', 'arcsin', 'arccos', 'arctan',
	'sinh', 'cosh', 'tanh', 'ln', 'log', 'exp', 'abs', 'binom', 'floor', 'ceil']);
const latexConstants: Record<string, MathNode> = {
	pi: {kind: 'constant', name: 'pi'}, infty: {kind: 'constant', name: 'infinity'}, infinity: {kind: 'constant', name: 'infinity'}
};
const latexOperators: Record<string, string> = {cdot: '*', times: '*', div: '/', ast: '*'};
const greek = new Set(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'theta', 'lambda', 'mu', 'phi', 'psi', 'omega', 'sigma', 'rho', 'tau']);

type Token =
	| {type: 'number'; value: number}
	| {type: 'name'; value: string}
	| {type: 'fn'; value: string}
	| {type: 'op'; value: string}
	| {type: 'open'; value: string}
	| {type: 'close'; value: string}
	| {type: 'frac'} | {type: 'sqrt'} | {type: 'binom'};

class ParseError extends Error {}

function tokenize(input: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < input.length) {
		const c = input[i]!;
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+(?![a-zA-Z]))?/.exec(input.slice(i));
		if (number) {
			tokens.push({type: 'number', value: Number(number[0])});
			i += number[0].length;
			continue;
		}
		if (c === '\\') {
			const command = /^\\([a-zA-Z]+)/.exec(input.slice(i));
			if (!command) {
				// \{ and \} are set braces; treat as grouping here (sets are split before parsing).
				const next = input[i + 1];
				if (next === '{' || next === '}') {
					tokens.push(next === '{' ? {type: 'open', value: '('} : {type: 'close', value: ')'});
					i += 2;
					continue;
				}
				throw new ParseError(`unexpected \\${next ?? ''}`);
			}
			const name = command[1]!;
			i += command[0].length;
			if (name === 'frac')
				tokens.push({type: 'frac'});
			else if (name === 'sqrt')
				tokens.push({type: 'sqrt'});
			else if (name === 'binom' || name === 'dbinom' || name === 'tbinom')
				tokens.push({type: 'binom'});
			else if (latexOperators[name])
				tokens.push({type: 'op', value: latexOperators[name]!});
			else if (functions.has(name))
				tokens.push({type: 'fn', value: name});
			else if (name === 'pi' || name === 'infty')
				tokens.push({type: 'name', value: name});
			else if (greek.has(name))
				tokens.push({type: 'name', value: `\\${name}`});
			else
				throw new ParseError(`unsupported command \\${name}`);
			continue;
		}
		if (/[a-zA-Z]/.test(c)) {
			const word = /^[a-zA-Z]+/.exec(input.slice(i))![0];
			const fn = [...functions].sort((a, b) => b.length - a.length).find(candidate => word.startsWith(candidate));
			if (fn && (word === fn || /^[a-z]+$/.test(word) && word.length > fn.length && functions.has(fn))) {
				tokens.push({type: 'fn', value: fn});
				i += fn.length;
				continue;
			}
			if (word === 'pi' || word === 'inf' || word === 'infinity') {
				tokens.push({type: 'name', value: word === 'pi' ? 'pi' : 'infty'});
				i += word.length;
				continue;
			}
			// Single letters: "xy" is x·y. A subscript stays with its letter: x_1, a_{n}.
			let name = c;
			i++;
			const subscript = /^_(?:\{([^{}]*)\}|(\w))/.exec(input.slice(i));
			if (subscript) {
				name += `_${subscript[1] ?? subscript[2]}`;
				i += subscript[0].length;
			}
			tokens.push({type: 'name', value: name});
			continue;
		}
		if (c === '*' && input[i + 1] === '*') {
			tokens.push({type: 'op', value: '^'});
			i += 2;
			continue;
		}
		if ('+-*/^!'.includes(c)) {
			tokens.push({type: 'op', value: c});
			i++;
			continue;
		}
		if ('({['.includes(c)) {
			tokens.push({type: 'open', value: c});
			i++;
			continue;
		}
		if (')}]'.includes(c)) {
			tokens.push({type: 'close', value: c});
			i++;
			continue;
		}
		if (c === '|') {
			tokens.push({type: 'op', value: '|'});
			i++;
			continue;
		}
		throw new ParseError(`unexpected "${c}"`);
	}
	return tokens;
}

class Parser {
	private position = 0;
	private nodes = 0;
	private absDepth = 0;

	public constructor(private readonly tokens: Token[]) {}

	public parse(): MathNode {
		const node = this.expression();
		if (this.position < this.tokens.length)
			throw new ParseError('trailing input');
		return node;
	}

	private node<N extends MathNode>(node: N): N {
		if (++this.nodes > maxNodes)
			throw new ParseError('expression too large');
		return node;
	}

	private peek(): Token | undefined {
		return this.tokens[this.position];
	}

	private expression(): MathNode {
		let left = this.term();
		for (let token = this.peek(); token?.type === 'op' && (token.value === '+' || token.value === '-'); token = this.peek()) {
			this.position++;
			left = this.node({kind: 'binary', op: token.value, left, right: this.term()});
		}
		return left;
	}

	private term(): MathNode {
		let left = this.unary();
		for (;;) {
			const token = this.peek();
			if (token?.type === 'op' && (token.value === '*' || token.value === '/')) {
				this.position++;
				left = this.node({kind: 'binary', op: token.value, left, right: this.unary()});
			} else if (token && this.startsImplicitFactor(token)) {
				left = this.node({kind: 'binary', op: '*', left, right: this.power()});
			} else
				return left;
		}
	}

	private startsImplicitFactor(token: Token): boolean {
		if (token.type === 'op')
			return token.value === '|' && this.absDepth === 0;
		return token.type !== 'close';
	}

	private unary(): MathNode {
		const token = this.peek();
		if (token?.type === 'op' && (token.value === '-' || token.value === '+')) {
			this.position++;
			return this.node({kind: 'unary', op: token.value, arg: this.unary()});
		}
		return this.power();
	}

	private power(): MathNode {
		const base = this.postfix();
		const token = this.peek();
		if (token?.type === 'op' && token.value === '^') {
			this.position++;
			return this.node({kind: 'binary', op: '^', left: base, right: this.unary()});
		}
		return base;
	}

	private postfix(): MathNode {
		let node = this.primary();
		for (let token = this.peek(); token?.type === 'op' && token.value === '!'; token = this.peek()) {
			this.position++;
			node = this.node({kind: 'factorial', arg: node});
		}
		return node;
	}

	private group(): MathNode {
		const open = this.tokens[this.position++];
		if (open?.type !== 'open')
			throw new ParseError('expected a group');
		const inner = this.expression();
		const close = this.tokens[this.position++];
		if (close?.type !== 'close')
			throw new ParseError('unclosed group');
		return inner;
	}

	private primary(): MathNode {
		const token = this.tokens[this.position++];
		if (!token)
			throw new ParseError('unexpected end');
		switch (token.type) {
			case 'number':
				return this.node({kind: 'number', value: token.value});
			case 'name':
				if (latexConstants[token.value])
					return this.node({...latexConstants[token.value]!});
				if (token.value === 'e' || token.value === 'i')
					return this.node({kind: 'constant', name: token.value});
				return this.node({kind: 'variable', name: token.value});
			case 'open': {
				this.position--;
				return this.group();
			}
			case 'frac':
				return this.node({kind: 'binary', op: '/', left: this.group(), right: this.group()});
			case 'binom':
				return this.node({kind: 'call', fn: 'binom', args: [this.group(), this.group()]});
			case 'sqrt': {
				const index = this.peek();
				if (index?.type === 'open' && index.value === '[') {
					const degree = this.group();
					return this.node({kind: 'call', fn: 'root', args: [this.group(), degree]});
				}
				return this.node({kind: 'call', fn: 'sqrt', args: [this.peek()?.type === 'open' ? this.group() : this.power()]});
			}
			case 'fn': {
				// \sin^2 x: a power right after the name applies to the result.
				let power: MathNode | null = null;
				if (this.peek()?.type === 'op' && (this.peek() as {value: string}).value === '^') {
					this.position++;
					power = this.primary();
				}
				const next = this.peek();
				const arg = next?.type === 'open' ? this.group() : this.power();
				if (token.value === 'binom')
					return this.node({kind: 'call', fn: 'binom', args: [arg, this.group()]});
				const call = this.node({kind: 'call', fn: token.value, args: [arg]} as MathNode);
				return power ? this.node({kind: 'binary', op: '^', left: call, right: power}) : call;
			}
			case 'op':
				if (token.value === '|' && this.absDepth === 0) {
					this.absDepth++;
					const inner = this.expression();
					this.absDepth--;
					const close = this.tokens[this.position++];
					if (close?.type !== 'op' || close.value !== '|')
						throw new ParseError('unclosed |');
					return this.node({kind: 'call', fn: 'abs', args: [inner]});
				}
				throw new ParseError(`unexpected "${token.value}"`);
			default:
				throw new ParseError('unexpected token');
		}
	}
}

/** The expression tree of an answer, or null when it is not a single expression this parser reads. */
export function parseMath(input: string): MathNode | null {
	if (input.length === 0 || input.length > maxInputLength)
		return null;
	try {
		return new Parser(tokenize(input)).parse();
	} catch (error) {
		if (error instanceof ParseError)
			return null;
		throw error;
	}
}

export function variablesOf(node: MathNode, into = new Set<string>()): Set<string> {
	switch (node.kind) {
		case 'variable': into.add(node.name); break;
		case 'unary': case 'factorial': variablesOf(node.arg, into); break;
		case 'binary': variablesOf(node.left, into); variablesOf(node.right, into); break;
		case 'call': node.args.forEach(arg => variablesOf(arg, into)); break;
	}
	return into;
}

const c = (re: number, im = 0): Complex => ({re, im});
const add = (a: Complex, b: Complex) => c(a.re + b.re, a.im + b.im);
const sub = (a: Complex, b: Complex) => c(a.re - b.re, a.im - b.im);
const mul = (a: Complex, b: Complex) => c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
function div(a: Complex, b: Complex): Complex {
	const d = b.re * b.re + b.im * b.im;
	return c((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);
}
const abs = (a: Complex) => Math.hypot(a.re, a.im);
const log = (a: Complex) => c(Math.log(abs(a)), Math.atan2(a.im, a.re));
const exp = (a: Complex) => c(Math.exp(a.re) * Math.cos(a.im), Math.exp(a.re) * Math.sin(a.im));
const isReal = (a: Complex) => Math.abs(a.im) <= 1e-12 * Math.max(1, Math.abs(a.re));

function pow(a: Complex, b: Complex): Complex {
	if (Math.abs(b.re) > maxExponent)
		return c(NaN);
	if (isReal(b) && Number.isInteger(b.re) && Math.abs(b.re) <= 64) {
		let result = c(1);
		for (let k = 0; k < Math.abs(b.re); k++)
			result = mul(result, a);
		return b.re < 0 ? div(c(1), result) : result;
	}
	// A real base to a rational power with an odd denominator has a real root: (-8)^(1/3) = -2.
	if (isReal(a) && isReal(b) && a.re < 0) {
		const odd = [3, 5, 7, 9].find(q => Math.abs(b.re * q - Math.round(b.re * q)) < 1e-9 && Math.round(b.re * q) % 2 !== 0);
		if (odd)
			return c(-Math.pow(-a.re, b.re));
	}
	if (a.re === 0 && a.im === 0)
		return c(b.re > 0 ? 0 : NaN);
	return exp(mul(b, log(a)));
}

function factorial(a: Complex): Complex {
	if (!isReal(a) || !Number.isInteger(a.re) || a.re < 0 || a.re > 170)
		return c(NaN);
	let result = 1;
	for (let k = 2; k <= a.re; k++)
		result *= k;
	return c(result);
}

function call(fn: string, args: Complex[]): Complex {
	const [a = c(NaN), b = c(NaN)] = args;
	const i = c(0, 1);
	switch (fn) {
		case 'sqrt': return pow(a, c(0.5));
		case 'root': return isReal(b) && Math.round(b.re) === b.re ? pow(a, c(1 / b.re)) : c(NaN);
		case 'exp': return exp(a);
		case 'ln': case 'log': return log(a);
		case 'abs': return c(abs(a));
		case 'sin': return div(sub(exp(mul(i, a)), exp(mul(c(0, -1), a))), c(0, 2));
		case 'cos': return div(add(exp(mul(i, a)), exp(mul(c(0, -1), a))), c(2));
		case 'tan': return div(call('sin', [a]), call('cos', [a]));
		case 'cot': return div(call('cos', [a]), call('sin', [a]));
		case 'sec': return div(c(1), call('cos', [a]));
		case 'csc': return div(c(1), call('sin', [a]));
		case 'sinh': return div(sub(exp(a), exp(c(-a.re, -a.im))), c(2));
		case 'cosh': return div(add(exp(a), exp(c(-a.re, -a.im))), c(2));
		case 'tanh': return div(call('sinh', [a]), call('cosh', [a]));
		case 'arcsin': return isReal(a) ? c(Math.asin(a.re)) : c(NaN);
		case 'arccos': return isReal(a) ? c(Math.acos(a.re)) : c(NaN);
		case 'arctan': return isReal(a) ? c(Math.atan(a.re)) : c(NaN);
		case 'floor': return isReal(a) ? c(Math.floor(a.re)) : c(NaN);
		case 'ceil': return isReal(a) ? c(Math.ceil(a.re)) : c(NaN);
		case 'binom': return div(factorial(a), mul(factorial(b), factorial(sub(a, b))));
		default: return c(NaN);
	}
}

/** The value of an expression, variables taken from `scope` (a missing one is NaN). */
export function evaluate(node: MathNode, scope: ReadonlyMap<string, Complex> = new Map()): Complex {
	switch (node.kind) {
		case 'number': return c(node.value);
		case 'constant':
			return node.name === 'pi' ? c(Math.PI) : node.name === 'e' ? c(Math.E) : node.name === 'i' ? c(0, 1) : c(Infinity);
		case 'variable': return scope.get(node.name) ?? c(NaN);
		case 'unary': {
			const value = evaluate(node.arg, scope);
			// 0 − x, not −x: a negated zero imaginary part (−0) would put log and sqrt on the wrong branch.
			return node.op === '-' ? c(0 - value.re, 0 - value.im) : value;
		}
		case 'factorial': return factorial(evaluate(node.arg, scope));
		case 'call': return call(node.fn, node.args.map(arg => evaluate(arg, scope)));
		case 'binary': {
			const left = evaluate(node.left, scope);
			const right = evaluate(node.right, scope);
			switch (node.op) {
				case '+': return add(left, right);
				case '-': return sub(left, right);
				case '*': return mul(left, right);
				case '/': return div(left, right);
				case '^': return pow(left, right);
			}
		}
	}
}

/** Numbers close enough to be one answer: relative 1e-6, or absolute 1e-9 near zero. */
export function closeEnough(a: Complex, b: Complex, relative = 1e-6): boolean {
	if (![a.re, a.im, b.re, b.im].every(Number.isFinite))
		return false;
	const scale = Math.max(abs(a), abs(b), 1e-9 / relative);
	return abs(sub(a, b)) <= relative * scale;
}
