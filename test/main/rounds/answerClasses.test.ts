import {describe, expect, it} from 'vitest';
import type {Grader, Verdict} from '../../../src-main/engine/ports.js';
import {answerClasses} from '../../../src-main/rounds/answerClasses.js';
import {CheckerGrader} from '../../support/checkerGrader.js';

/** The checker grader, recording every pair it is asked about. */
class RecordingGrader implements Grader {
	public readonly asked: [string, string][] = [];
	private readonly inner = new CheckerGrader();

	public async grade(gold: readonly string[], pred: string): Promise<Verdict> {
		this.asked.push([gold[0]!, pred]);
		return this.inner.grade(gold, pred);
	}
}

describe('answerClasses', () => {
	it('classes equal answers together, numbered by first appearance; a null answer has no class', async () => {
		const answers = ['7', '7.0', '\\frac{1}{2}', '0.5', null, '8', '7', 'x+1', '1+x'];
		expect(await answerClasses(answers, new CheckerGrader())).toEqual([0, 0, 1, 1, null, 2, 0, 3, 3]);
	});

	it('grades each new text against the classes in order, stopping at the first equal one; a seen text is not graded', async () => {
		const grader = new RecordingGrader();
		expect(await answerClasses(['7', '8', '8.0', '7', '8.0', '9'], grader)).toEqual([0, 1, 1, 0, 1, 2]);
		expect(grader.asked).toEqual([
			['7', '8'],
			['7', '8.0'], ['8', '8.0'],
			['7', '9'], ['8', '9']
		]);
	});

	it('has nothing to grade for no answers', async () => {
		expect(await answerClasses([], new CheckerGrader())).toEqual([]);
		expect(await answerClasses([null, null], new CheckerGrader())).toEqual([null, null]);
	});
});
