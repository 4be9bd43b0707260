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

/**
 * What each reference program printed, for problems that must all be verified before anything is written: one failure
 * is a template bug, and stops the caller with the first few named.
 */
export async function verifiedOutputs(problems: readonly CurriculumProblem[], executor: Executor): Promise<Map<CurriculumProblem, string>> {
	const {verified, failed} = await verifyCurriculum(problems, executor);
	if (failed.length > 0)
		throw new Error(`${failed.length} reference solutions failed verification, so nothing was written: ${failed.slice(0, 3).map(failure => `${failure.problem.template}: ${failure.reason}`).join('; ')}`);
	return new Map(verified.map(entry => [entry.problem, entry.output]));
}
