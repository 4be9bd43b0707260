import {z} from 'zod';

export const jobStatuses = ['running', 'paused', 'done', 'failed', 'stopped', 'interrupted'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** One piece of long work (a round's stage, an evaluation) as stored: progress, how it ended. */
export const JobSummary = z.object({
	id: z.number().int(),
	kind: z.string(),
	roundId: z.number().int().nullable(),
	title: z.string(),
	status: z.enum(jobStatuses),
	done: z.number().int(),
	total: z.number().int(),
	/** Seconds left at the rate of this run so far; null before there is a rate. */
	etaSeconds: z.number().nullable(),
	error: z.string().nullable(),
	pid: z.number().int().nullable(),
	createdAt: z.string(),
	updatedAt: z.string(),
	finishedAt: z.string().nullable()
});
export type JobSummary = z.infer<typeof JobSummary>;

export const JobLogLine = z.object({seq: z.number().int(), at: z.string(), level: z.enum(['info', 'warn', 'error']), message: z.string()});
export type JobLogLine = z.infer<typeof JobLogLine>;

/** A job's numbers over its steps (a training's loss, held-out loss, tokens/s), as stored and pushed. */
export const JobMetricPoint = z.object({step: z.number().int(), values: z.record(z.string(), z.number())});
export type JobMetricPoint = z.infer<typeof JobMetricPoint>;
