import {checkAnswer} from '../../src-main/checker/checkAnswer.js';
import type {Grader, Verdict} from '../../src-main/engine/ports.js';

/**
 * The TypeScript answer checker behind the engine's Grader port: for engine tests on scripted policies, where the
 * sandbox's Math-Verify grader would only add seconds (the app and the CLI grade with MathVerifyGrader).
 */
export class CheckerGrader implements Grader {
	public async grade(gold: readonly string[], pred: string): Promise<Verdict> {
		return checkAnswer(gold, pred);
	}
}
