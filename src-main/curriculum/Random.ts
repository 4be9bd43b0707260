import {mulberry32} from '../engine/rng.js';

const names = ['Ava', 'Ben', 'Chloe', 'Diego', 'Emma', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Liam', 'Maya', 'Noah', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tariq'];
const items = ['apples', 'pencils', 'stickers', 'marbles', 'cookies', 'books', 'shells', 'cards', 'stamps', 'balloons'];

/** The generator's randomness: seeded, so a curriculum is a pure function of its seed. */
export class Random {
	private readonly next: () => number;
	private lastName = '';

	public constructor(seed: number) {
		this.next = mulberry32(seed);
	}

	/** An integer in [min, max], both included. */
	public int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	public pick<T>(options: readonly T[]): T {
		return options[Math.floor(this.next() * options.length)]!;
	}

	/** A first name, never the same as the one before (two people in one problem are two names). */
	public name(): string {
		let name = this.pick(names);
		while (name === this.lastName)
			name = this.pick(names);
		this.lastName = name;
		return name;
	}

	public item(): string {
		return this.pick(items);
	}

	public pronoun(): string {
		return this.pick(['she', 'he', 'they']);
	}
}
