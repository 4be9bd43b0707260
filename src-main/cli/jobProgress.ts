import cliProgress from 'cli-progress';
import type {JobSummary} from '../contract/jobs.js';
import type {EventBus} from '../services/EventBus.js';

/** How often a line of progress is written when stderr is not a terminal (a log file, CI). */
const lineEveryMs = 10_000;

/**
 * Shows the jobs `events` reports on stderr: a progress bar per job on a terminal (cli-progress), otherwise a line
 * when a job starts, pauses or ends and every few seconds between — so stdout stays free for `--json`. Returns the
 * function that stops showing.
 */
export function showJobProgress(events: EventBus, prefix: string): () => void {
	const tty = process.stderr.isTTY;
	const bars = tty ? new cliProgress.MultiBar({
		stream: process.stderr, hideCursor: true, clearOnComplete: false, etaBuffer: 50, barsize: 24,
		format: '{title} [{bar}] {value}/{total} {status} eta {eta_formatted}'
	}, cliProgress.Presets.shades_classic) : null;
	const shown = new Map<number, {bar: cliProgress.SingleBar | null; status: string; lastLine: number}>();

	const unsubscribe = events.subscribe(message => {
		if (message.event === 'log.written' && message.payload.level !== 'info') {
			const line = `${prefix} ${message.payload.level}: ${message.payload.message}\n`;
			if (bars)
				bars.log(line);
			else
				process.stderr.write(line);
			return;
		}
		if (message.event !== 'job.updated')
			return;
		const job = message.payload.job;
		let entry = shown.get(job.id);
		if (!entry) {
			entry = {bar: bars?.create(Math.max(job.total, 1), job.done, {title: job.title, status: ''}) ?? null, status: '', lastLine: 0};
			shown.set(job.id, entry);
		}
		const status = job.status === 'running' ? '' : job.status;
		if (entry.bar) {
			entry.bar.setTotal(Math.max(job.total, 1));
			entry.bar.update(job.done, {status});
			if (job.status !== 'running' && job.status !== 'paused')
				entry.bar.stop();
		} else if (status !== entry.status || Date.now() - entry.lastLine >= lineEveryMs) {
			process.stderr.write(`${prefix} ${describe(job)}\n`);
			entry.lastLine = Date.now();
		}
		entry.status = status;
	});
	return () => {
		unsubscribe();
		bars?.stop();
	};
}

function describe(job: JobSummary): string {
	const eta = job.etaSeconds === null ? '' : `, about ${formatSeconds(job.etaSeconds)} left`;
	const ended = job.status === 'running' ? '' : `${job.status}${job.error ? `: ${job.error}` : ''}`;
	const counted = job.total === 0 ? (job.status === 'running' ? 'started' : '') : `${job.done}/${job.total}${eta}`;
	return `${job.title}: ${[counted, ended].filter(Boolean).join(' — ')}`;
}

function formatSeconds(seconds: number): string {
	return seconds < 90 ? `${Math.round(seconds)} s` : seconds < 5400 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
}
