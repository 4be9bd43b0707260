import type {Random} from './Random.js';

/** One reference step: the reasoning as a Python comment, then the code. */
export interface ReferenceStep {
	comment: string;
	code: string;
}

/** A generated problem with its exact answer and the code that computes it. */
export interface GeneratedProblem {
	question: string;
	/** The exact answer, as the checker compares it (an integer, or a fraction like 7/2). */
	answer: string;
	steps: ReferenceStep[];
	/** The Python expression the final step prints. */
	result: string;
}

export type Level = 1 | 2 | 3;

export interface Template {
	id: string;
	/** L1: one or two arithmetic steps; L2: three to five (rates, percentages, fractions, units, several entities); L3: needs real code. */
	level: Level;
	make(random: Random): GeneratedProblem;
}

const step = (comment: string, code: string): ReferenceStep => ({comment, code});

/** The templates. Phrasings and number ranges vary per instance; answers are exact by construction. */
export const templates: readonly Template[] = [
	// L1: one or two arithmetic steps.
	{id: 'buy-more', level: 1, make: r => {
		const [name, item, a, b] = [r.name(), r.item(), r.int(2, 40), r.int(2, 40)];
		return {question: r.pick([`${name} has ${a} ${item} and buys ${b} more. How many ${item} does ${name} have now?`,
			`There are ${a} ${item} in a box. ${name} puts in ${b} more. How many ${item} are in the box?`]),
		answer: String(a + b), steps: [step(`Start with ${a} and add the ${b} new ones`, `total = ${a} + ${b}`)], result: 'total'};
	}},
	{id: 'give-away', level: 1, make: r => {
		const [name, item, a] = [r.name(), r.item(), r.int(20, 90)];
		const b = r.int(1, a - 1);
		return {question: r.pick([`${name} had ${a} ${item} and gave ${b} to a friend. How many ${item} are left?`,
			`A shop had ${a} ${item}. It sold ${b}. How many ${item} does the shop have left?`]),
		answer: String(a - b), steps: [step(`Take the ${b} away from ${a}`, `left = ${a} - ${b}`)], result: 'left'};
	}},
	{id: 'packs', level: 1, make: r => {
		const [item, packs, per] = [r.item(), r.int(2, 12), r.int(3, 15)];
		return {question: r.pick([`Each pack holds ${per} ${item}. How many ${item} are in ${packs} packs?`,
			`${r.name()} buys ${packs} packs of ${item} with ${per} in each pack. How many ${item} is that?`]),
		answer: String(packs * per), steps: [step(`${packs} packs of ${per} each`, `total = ${packs} * ${per}`)], result: 'total'};
	}},
	{id: 'share', level: 1, make: r => {
		const [item, friends, each] = [r.item(), r.int(2, 9), r.int(2, 12)];
		return {question: r.pick([`${friends * each} ${item} are shared equally among ${friends} friends. How many does each friend get?`,
			`${r.name()} splits ${friends * each} ${item} into ${friends} equal groups. How many ${item} are in each group?`]),
		answer: String(each), steps: [step(`Divide ${friends * each} into ${friends} equal parts`, `each = ${friends * each} // ${friends}`)], result: 'each'};
	}},
	{id: 'buy-give', level: 1, make: r => {
		const [name, item, a, b] = [r.name(), r.item(), r.int(5, 30), r.int(5, 30)];
		const c = r.int(1, a + b - 1);
		return {question: `${name} has ${a} ${item}, buys ${b} more, then gives ${c} away. How many ${item} does ${name} have?`,
			answer: String(a + b - c), steps: [step('Add the ones bought', `have = ${a} + ${b}`), step('Remove the ones given away', `have = have - ${c}`)], result: 'have'};
	}},
	{id: 'unit-price', level: 1, make: r => {
		const [item, count, price] = [r.item(), r.int(2, 12), r.int(2, 25)];
		return {question: r.pick([`One of the ${item} costs $${price}. How much do ${count} of them cost, in dollars?`,
			`${r.name()} buys ${count} ${item} at $${price} each. What is the total cost in dollars?`]),
		answer: String(count * price), steps: [step(`${count} items at ${price} dollars each`, `cost = ${count} * ${price}`)], result: 'cost'};
	}},
	{id: 'older', level: 1, make: r => {
		const [first, second, age, gap] = [r.name(), r.name(), r.int(5, 40), r.int(2, 30)];
		return {question: `${first} is ${age} years old. ${second} is ${gap} years older than ${first}. How old is ${second}?`,
			answer: String(age + gap), steps: [step(`${second} is ${gap} years older`, `age = ${age} + ${gap}`)], result: 'age'};
	}},
	{id: 'reading', level: 1, make: r => {
		const [name, pages, days] = [r.name(), r.int(5, 40), r.int(2, 14)];
		return {question: `${name} reads ${pages} pages every day for ${days} days. How many pages does ${name} read?`,
			answer: String(pages * days), steps: [step(`${pages} pages a day for ${days} days`, `pages = ${pages} * ${days}`)], result: 'pages'};
	}},
	{id: 'change', level: 1, make: r => {
		const [name, cost] = [r.name(), r.int(3, 95)];
		const bill = cost < 50 ? 50 : 100;
		return {question: `${name} pays for a $${cost} gift with a $${bill} bill. How much change, in dollars, does ${name} get?`,
			answer: String(bill - cost), steps: [step('Change is what was paid minus the price', `change = ${bill} - ${cost}`)], result: 'change'};
	}},
	{id: 'rows', level: 1, make: r => {
		const [rows, seats] = [r.int(3, 25), r.int(4, 30)];
		return {question: r.pick([`A hall has ${rows} rows of chairs with ${seats} chairs in each row. How many chairs are there?`,
			`An orchard has ${rows} rows of ${seats} trees. How many trees are in the orchard?`]),
		answer: String(rows * seats), steps: [step('Rows times the number in each row', `total = ${rows} * ${seats}`)], result: 'total'};
	}},

	// L2: three to five steps.
	{id: 'discount', level: 2, make: r => {
		const [item, percent] = [r.item(), r.pick([10, 20, 25, 30, 40, 50])];
		const price = r.int(2, 30) * 20;
		return {question: `A ${item.replace(/s$/, '')} set costs $${price}. It is on sale for ${percent}% off. What is the sale price in dollars?`,
			answer: String(price - price * percent / 100),
			steps: [step(`The discount is ${percent}% of ${price}`, `discount = ${price} * ${percent} // 100`), step('Subtract the discount from the price', `sale = ${price} - discount`)], result: 'sale'};
	}},
	{id: 'trip', level: 2, make: r => {
		const [speed, hours, extra] = [r.int(30, 90), r.int(2, 6), r.int(10, 200)];
		return {question: `A train travels at ${speed} km per hour for ${hours} hours. The whole trip is ${speed * hours + extra} km. How many km are left?`,
			answer: String(extra), steps: [step('Distance so far is speed times time', `done = ${speed} * ${hours}`), step('What is left of the trip', `left = ${speed * hours + extra} - done`)], result: 'left'};
	}},
	{id: 'pizza', level: 2, make: r => {
		const [a, b] = [r.pick([2, 3, 4, 5]), r.pick([2, 3, 4])];
		const left = `${(a - 1) * (b - 1)}/${a * b}`;
		return {question: `${r.name()} eats 1/${a} of a pizza, then 1/${b} of what is left. What fraction of the pizza is left?`,
			answer: reduceFraction(left),
			steps: [step('Work with exact fractions', 'from fractions import Fraction'), step(`After the first part, ${a - 1}/${a} is left`, `left = 1 - Fraction(1, ${a})`),
				step(`Then 1/${b} of that is eaten`, `left = left - left * Fraction(1, ${b})`)], result: 'left'};
	}},
	{id: 'walk-meters', level: 2, make: r => {
		// Minutes in sixes keep the meters whole: 1000 m/km ÷ 60 min/h = 100/6 m per minute per km/h.
		const [kmh, minutes] = [r.pick([3, 4, 5, 6]), r.pick([6, 12, 18, 24, 30, 36, 42, 48])];
		return {question: `${r.name()} walks at ${kmh} km per hour for ${minutes} minutes. How many meters does ${r.pronoun()} walk?`,
			answer: String(kmh * 1000 * minutes / 60),
			steps: [step('Speed in meters per minute', `per_minute = ${kmh} * 1000 / 60`), step(`Meters in ${minutes} minutes`, `meters = round(per_minute * ${minutes})`)], result: 'meters'};
	}},
	{id: 'siblings-total', level: 2, make: r => {
		const [a, b, c, x, k, d] = [r.name(), r.name(), r.name(), r.int(3, 20), r.pick([2, 3]), r.int(1, 5)];
		return {question: `${a} has ${x} marbles. ${b} has ${k} times as many as ${a}. ${c} has ${d} fewer than ${b}. How many marbles do they have together?`,
			answer: String(x + k * x + (k * x - d)),
			steps: [step(`${b} has ${k} times ${a}'s`, `b = ${k} * ${x}`), step(`${c} has ${d} fewer than ${b}`, `c = b - ${d}`), step('Add all three', `total = ${x} + b + c`)], result: 'total'};
	}},
	{id: 'savings', level: 2, make: r => {
		const [wage, hours, days] = [r.int(8, 25), r.int(2, 8), r.int(3, 7)];
		const spent = r.int(1, wage * hours * days - 1);
		return {question: `${r.name()} earns $${wage} an hour, works ${hours} hours a day for ${days} days, and spends $${spent}. How many dollars are saved?`,
			answer: String(wage * hours * days - spent),
			steps: [step('Earnings per day', `per_day = ${wage} * ${hours}`), step(`Earnings over ${days} days`, `earned = per_day * ${days}`), step('Subtract what was spent', `saved = earned - ${spent}`)], result: 'saved'};
	}},
	{id: 'average', level: 2, make: r => {
		const n = r.int(3, 5);
		const scores = Array.from({length: n - 1}, () => r.int(60, 100));
		const total = Math.ceil(scores.reduce((a, b) => a + b, 0) / n + 5) * n;
		scores.push(total - scores.reduce((a, b) => a + b, 0));
		return {question: `${r.name()}'s test scores are ${scores.join(', ')}. What is the average score?`,
			answer: String(total / n),
			steps: [step('The scores', `scores = [${scores.join(', ')}]`), step('Average is the sum over the count', 'average = sum(scores) // len(scores)')], result: 'average'};
	}},
	{id: 'ratio', level: 2, make: r => {
		const [boys, girls, groups] = [r.int(1, 5), r.int(1, 5), r.int(2, 10)];
		return {question: `The ratio of boys to girls in a club is ${boys}:${girls}. There are ${(boys + girls) * groups} members. How many girls are there?`,
			answer: String(girls * groups),
			steps: [step('Members come in groups of boys + girls', `group = ${boys} + ${girls}`), step('Number of such groups', `groups = ${(boys + girls) * groups} // group`), step(`Each group has ${girls} girls`, `girls = ${girls} * groups`)], result: 'girls'};
	}},
	{id: 'shopping-change', level: 2, make: r => {
		const [notebooks, notebookPrice, pens, penPrice] = [r.int(1, 5), r.int(2, 9), r.int(1, 6), r.int(1, 4)];
		const cost = notebooks * notebookPrice + pens * penPrice;
		const bill = cost <= 20 ? 20 : cost <= 50 ? 50 : 100;
		return {question: `${r.name()} buys ${notebooks} notebooks at $${notebookPrice} each and ${pens} pens at $${penPrice} each, paying with a $${bill} bill. How much change is given, in dollars?`,
			answer: String(bill - cost),
			steps: [step('Cost of the notebooks', `notebooks = ${notebooks} * ${notebookPrice}`), step('Cost of the pens', `pens = ${pens} * ${penPrice}`), step('Change from the bill', `change = ${bill} - (notebooks + pens)`)], result: 'change'};
	}},
	{id: 'recipe', level: 2, make: r => {
		const [cups, cookies, factor] = [r.int(1, 4), r.pick([12, 24, 36]), r.pick([2, 3, 4])];
		return {question: `A recipe uses ${cups} cups of flour for ${cookies} cookies. How many cups are needed for ${cookies * factor} cookies?`,
			answer: String(cups * factor),
			steps: [step('How many batches are needed', `batches = ${cookies * factor} // ${cookies}`), step('Flour for all batches', `cups = ${cups} * batches`)], result: 'cups'};
	}},
	{id: 'interest', level: 2, make: r => {
		const [principal, rate, years] = [r.int(1, 20) * 100, r.pick([2, 3, 4, 5, 10]), r.int(1, 5)];
		return {question: `$${principal} is saved at ${rate}% simple interest per year. How many dollars of interest are earned in ${years} years?`,
			answer: String(principal * rate * years / 100),
			steps: [step('Interest per year', `per_year = ${principal} * ${rate} // 100`), step(`Over ${years} years`, `interest = per_year * ${years}`)], result: 'interest'};
	}},
	{id: 'tank', level: 2, make: r => {
		const [liters, rate, used] = [r.int(5, 20) * 10, r.int(2, 10), r.int(1, 4)];
		const minutes = r.int(2, 10);
		return {question: `A tank holds ${liters} liters. Water flows in at ${rate} liters per minute for ${minutes} minutes, while ${used} liters per minute leak out. It started with ${liters / 2} liters. How many liters are in it now?`,
			answer: String(Math.min(liters, liters / 2 + (rate - used) * minutes)),
			steps: [step('Net change per minute', `net = ${rate} - ${used}`), step('Water after the minutes', `water = ${liters / 2} + net * ${minutes}`), step('It cannot hold more than its size', `water = min(water, ${liters})`)], result: 'water'};
	}},

	// L3: needs real code.
	{id: 'linear-equation', level: 3, make: r => {
		const [x, a] = [r.int(-20, 20), r.int(2, 9)];
		const b = r.int(1, a - 1);
		const c = r.int(1, 30);
		return {question: `Solve for x: ${a}x + ${c} = ${b}x + ${(a - b) * x + c}.`, answer: String(x),
			steps: [step('Use sympy for the equation', 'import sympy\nx = sympy.symbols("x")'), step('Solve it', `solution = sympy.solve(sympy.Eq(${a}*x + ${c}, ${b}*x + ${(a - b) * x + c}), x)[0]`)], result: 'solution'};
	}},
	{id: 'system', level: 3, make: r => {
		const [x, y] = [r.int(1, 30), r.int(1, 30)];
		return {question: `Two numbers add up to ${x + y} and differ by ${Math.abs(x - y)}. What is their product?`, answer: String(x * y),
			steps: [step('Set up the two equations', `import sympy\na, b = sympy.symbols("a b")\nequations = [sympy.Eq(a + b, ${x + y}), sympy.Eq(a - b, ${Math.abs(x - y)})]`),
				step('Solve and multiply', 'found = sympy.solve(equations, [a, b])\nproduct = found[a] * found[b]')], result: 'product'};
	}},
	{id: 'multiples', level: 3, make: r => {
		const [n, a, b] = [r.int(50, 500), r.pick([2, 3, 4, 5, 6]), r.pick([7, 9, 11, 13])];
		let count = 0;
		for (let i = 1; i <= n; i++)
			if (i % a === 0 || i % b === 0)
				count++;
		return {question: `How many integers from 1 to ${n} are divisible by ${a} or by ${b}?`, answer: String(count),
			steps: [step('Count them one by one', `count = sum(1 for i in range(1, ${n} + 1) if i % ${a} == 0 or i % ${b} == 0)`)], result: 'count'};
	}},
	{id: 'prime-sum', level: 3, make: r => {
		const n = r.int(20, 200);
		let sum = 0;
		for (let i = 2; i < n; i++)
			if (Array.from({length: i - 2}, (_, k) => k + 2).every(d => i % d !== 0))
				sum += i;
		return {question: `What is the sum of all prime numbers less than ${n}?`, answer: String(sum),
			steps: [step('A primality test', 'def is_prime(k):\n    return k > 1 and all(k % d for d in range(2, int(k ** 0.5) + 1))'), step('Add the primes below the bound', `total = sum(k for k in range(2, ${n}) if is_prime(k))`)], result: 'total'};
	}},
	{id: 'recurrence', level: 3, make: r => {
		const [a, b, n] = [r.int(1, 5), r.int(1, 5), r.int(8, 20)];
		const terms = [a, b];
		while (terms.length < n)
			terms.push(terms.at(-1)! + terms.at(-2)!);
		return {question: `A sequence starts ${a}, ${b}, and every later term is the sum of the two before it. What is term number ${n}?`, answer: String(terms[n - 1]),
			steps: [step('Build the sequence term by term', `terms = [${a}, ${b}]\nwhile len(terms) < ${n}:\n    terms.append(terms[-1] + terms[-2])`), step(`Term number ${n}`, `term = terms[${n} - 1]`)], result: 'term'};
	}},
	{id: 'divisors', level: 3, make: r => {
		const n = r.int(24, 720);
		let count = 0;
		for (let d = 1; d <= n; d++)
			if (n % d === 0)
				count++;
		return {question: `How many positive divisors does ${n} have?`, answer: String(count),
			steps: [step('Count the numbers that divide it', `count = sum(1 for d in range(1, ${n} + 1) if ${n} % d == 0)`)], result: 'count'};
	}},
	{id: 'quadratic', level: 3, make: r => {
		const [p, q] = [r.int(-12, 12), r.int(-12, 12)];
		return {question: `What is the larger root of x^2 ${signed(-(p + q))}x ${signed(p * q)} = 0?`, answer: String(Math.max(p, q)),
			steps: [step('Solve the quadratic with sympy', `import sympy\nx = sympy.symbols("x")\nroots = sympy.solve(x**2 + (${-(p + q)})*x + (${p * q}), x)`), step('Take the larger root', 'larger = max(roots)')], result: 'larger'};
	}},
	{id: 'digit-sum', level: 3, make: r => {
		const n = r.int(10, 120);
		const digits = (2n ** BigInt(n)).toString().split('').reduce((sum, digit) => sum + Number(digit), 0);
		return {question: `What is the sum of the digits of 2^${n}?`, answer: String(digits),
			steps: [step('Python integers are exact at any size', `value = 2 ** ${n}`), step('Add its digits', 'digits = sum(int(c) for c in str(value))')], result: 'digits'};
	}},
	{id: 'lcm-range', level: 3, make: r => {
		const k = r.int(4, 16);
		let lcm = 1n;
		for (let i = 2n; i <= BigInt(k); i++)
			lcm = lcm * i / gcd(lcm, i);
		return {question: `What is the smallest positive number divisible by every integer from 1 to ${k}?`, answer: lcm.toString(),
			steps: [step('Fold the least common multiple over the range', `import math\nresult = 1\nfor i in range(2, ${k} + 1):\n    result = result * i // math.gcd(result, i)`)], result: 'result'};
	}},
	{id: 'pairs', level: 3, make: r => {
		const [n, k] = [r.int(8, 40), r.pick([3, 4, 5, 7])];
		let count = 0;
		for (let a = 1; a <= n; a++)
			for (let b = a + 1; b <= n; b++)
				if ((a + b) % k === 0)
					count++;
		return {question: `How many pairs (a, b) with 1 ≤ a < b ≤ ${n} have a + b divisible by ${k}?`, answer: String(count),
			steps: [step('Check every pair', `count = sum(1 for a in range(1, ${n} + 1) for b in range(a + 1, ${n} + 1) if (a + b) % ${k} == 0)`)], result: 'count'};
	}},
	{id: 'series', level: 3, make: r => {
		const [first, difference, terms] = [r.int(-10, 20), r.int(1, 9), r.int(10, 60)];
		return {question: `An arithmetic sequence starts at ${first} and increases by ${difference} each term. What is the sum of its first ${terms} terms?`,
			answer: String(terms * (2 * first + (terms - 1) * difference) / 2),
			steps: [step('List the terms', `seq = [${first} + ${difference} * i for i in range(${terms})]`), step('Add them', 'total = sum(seq)')], result: 'total'};
	}}
];

/** Templates kept out of training entirely, one per level: they measure generalisation. */
export const heldOutTemplateIds: readonly string[] = ['change', 'interest', 'digit-sum'];

function signed(n: number): string {
	return n < 0 ? `- ${-n}` : `+ ${n}`;
}

function gcd(a: bigint, b: bigint): bigint {
	return b === 0n ? a : gcd(b, a % b);
}

function reduceFraction(fraction: string): string {
	const [numerator, denominator] = fraction.split('/').map(BigInt) as [bigint, bigint];
	const divisor = gcd(numerator, denominator);
	const [n, d] = [numerator / divisor, denominator / divisor];
	return d === 1n ? n.toString() : `${n}/${d}`;
}
