import {checkAnswer} from '../checker/checkAnswer.js';
import type {Executor} from '../engine/ports.js';
import type {CurriculumProblem} from './generateCurriculum.js';

export interface VerifiedProblem {
	problem: CurriculumProblem;
	/** What the reference program printed. */
	output: string;
}

export interface VerificationFailure {
	problem: CurriculumProblem;
	reason: string;
}

/**
 * Runs every reference program in the sandbox and checks what it prints against the problem's answer. Nothing
 * that fails is used: a template whose code and answer disagree is a bug to fix, not data.
 */
export async function verifyCurriculum(problems: readonly CurriculumProblem[], executor: Executor): Promise<{verified: VerifiedProblem[]; failed: VerificationFailure[]}> {
	const verified: VerifiedProblem[] = [];
	const failed: VerificationFailure[] = [];
	const results = await Promise.all(problems.map(problem => executor.run(problem.program, {timeoutMs: 30_000})));
	problems.forEach((problem, i) => {
		const result = results[i]!;
		const printed = result.stdout.trim();
		if (!result.ok)
			failed.push({problem, reason: `the reference program failed: ${result.error}`});
		else if (!checkAnswer(problem.answer, printed).equal)
			failed.push({problem, reason: `the reference program printed ${JSON.stringify(printed)}, the answer is ${problem.answer}`});
		else
			verified.push({problem, output: result.stdout});
	});
	return {verified, failed};
}
