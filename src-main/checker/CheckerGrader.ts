import type {Grader, Verdict} from '../engine/ports.js';
import {checkAnswer} from './checkAnswer.js';

/** The TypeScript answer checker behind the engine's Grader port. */
export class CheckerGrader implements Grader {
	public async grade(gold: readonly string[], pred: string): Promise<Verdict> {
		return checkAnswer(gold, pred);
	}
}
