import type {Grader} from '../engine/ports.js';

/**
 * Equivalence classes of one problem's answers, for votes: answer i joins the first class whose representative (its
 * first answer) the grader finds equal to it, `grade([representative], answer)`, or opens a new class. Classes are
 * numbered 0, 1, … in order of their first answer; a null answer has no class. The same text needs no grading, so each
 * distinct text is graded against at most every earlier class once — the grouping `selectAnswer` votes with.
 *
 * One `grade` at a time, stopping at the first equal class: the Grader port has no batch call (MathVerifyGrader's
 * `gradeMany` is not on it), and grading against every class at once would grade pairs a sequential pass never needs.
 */
export async function answerClasses(answers: readonly (string | null)[], grader: Grader, signal?: AbortSignal): Promise<(number | null)[]> {
	const representatives: string[] = [];
	const classOfText = new Map<string, number>();
	const classes: (number | null)[] = [];
	for (const answer of answers) {
		if (answer === null) {
			classes.push(null);
			continue;
		}
		let home = classOfText.get(answer);
		for (let c = 0; home === undefined && c < representatives.length; c++)
			if ((await grader.grade([representatives[c]!], answer, signal)).equal)
				home = c;
		if (home === undefined) {
			home = representatives.length;
			representatives.push(answer);
		}
		classOfText.set(answer, home);
		classes.push(home);
	}
	return classes;
}
