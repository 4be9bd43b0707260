import type {ProblemSummary} from '../contract/datasets.js';
import type {SearchSettings} from '../contract/search.js';
import {isDiskFull} from '../store/isDiskFull.js';
import type {JobContext} from './JobRunner.js';
import type {SearchService} from './SearchService.js';

/** The batch a search belongs to: a round's pool, or an evaluation's dataset. */
export type BatchLink = {roundId: number} | {evaluationId: number};

export interface BatchRequest {
	link: BatchLink;
	/** In the order they are searched. */
	problems: readonly ProblemSummary[];
	settings: SearchSettings;
	policyPath: string;
	ppmPath: string | null;
	/** Problems in flight at once; their searches share the model processes. */
	concurrency: number;
}

/** How long a batch paused on a full disk waits before it tries again. */
const diskRetryMs = 5000;

/**
 * Searches every problem of a batch, `concurrency` at a time, each an ordinary stored search linked to the batch.
 * A problem's search commits rollout by rollout and its end in one transaction, and the store allows one search per
 * problem of a batch: run again after a crash (or a stop), the batch skips the problems whose search is done,
 * resumes the ones cut short from their last committed rollout, and starts the rest — nothing lost, nothing searched
 * twice. A full disk pauses the batch (the job says why) until a write succeeds again.
 */
export async function runBatch(searches: SearchService, request: BatchRequest, job: JobContext): Promise<void> {
	const searched = new Set(searches.linked(request.link).filter(search => search.status === 'done').map(search => search.problemId));
	const remaining = request.problems.filter(problem => !searched.has(problem.id));
	let done = request.problems.length - remaining.length;
	job.progress(done, request.problems.length);
	if (done > 0)
		job.log('info', `${done} of ${request.problems.length} problems were searched before; ${remaining.length} to go`);

	const searchOne = async (problem: ProblemSummary) => {
		for (;;) {
			// Asked again on every try: a search this loop started may have been cut short by a full disk.
			const existing = searches.linkedSearch(request.link, problem.id);
			try {
				const report = existing
					? await searches.resume(existing.id, job.signal, {reclaimOwn: true})
					: await searches.solve({
						question: problem.question, goldAnswers: problem.answers, settings: request.settings, policyPath: request.policyPath,
						ppmPath: request.ppmPath, problemId: problem.id, ...request.link
					}, job.signal);
				if (report.status === 'failed')
					job.log('error', `problem ${problem.id}: search ${report.searchId} failed`);
				return;
			} catch (error) {
				job.signal.throwIfAborted();
				if (!isDiskFull(error))
					throw error;
				job.paused(`the disk is full (${(error as Error).message}): free some space; the batch goes on by itself`);
				await waitForSpace(searches, job.signal);
				job.resumed();
			}
		}
	};

	let next = 0;
	const worker = async () => {
		while (next < remaining.length) {
			job.signal.throwIfAborted();
			// A paused batch starts nothing new; the searches in flight finish.
			await job.checkpoint();
			if (next >= remaining.length)
				break;
			const problem = remaining[next++]!;
			await searchOne(problem);
			job.progress(++done, request.problems.length);
		}
	};
	await Promise.all(Array.from({length: Math.min(request.concurrency, remaining.length)}, worker));
}

async function waitForSpace(searches: SearchService, signal: AbortSignal): Promise<void> {
	for (;;) {
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(resolve, diskRetryMs);
			signal.addEventListener('abort', () => {
				clearTimeout(timer);
				reject(signal.reason as Error);
			}, {once: true});
		});
		if (searches.canWrite())
			return;
	}
}
