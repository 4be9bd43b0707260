import {z} from 'zod';

/** Limits of one Python run. */
export const ExecLimits = z.object({
	/** Wall time before a soft interrupt (KeyboardInterrupt); a hard kill follows a grace period. Defaults to 10 s. */
	timeoutMs: z.number().int().min(50).max(600_000).default(10_000),
	/** Output kept per run (stdout and stderr each); past it the head and tail are kept and `truncated` is set. Defaults to 64 KiB. */
	maxOutputBytes: z.number().int().min(256).max(16 * 1024 * 1024).default(64 * 1024),
	/** Resident memory of the sandbox process during a run. Defaults to 1024 MiB. */
	memoryMb: z.number().int().min(256).max(65_536).default(1024),
	/** Python's recursion limit, reset before every run. Defaults to 1000. */
	recursionLimit: z.number().int().min(50).max(20_000).default(1000)
});
export type ExecLimits = z.output<typeof ExecLimits>;
export type ExecLimitsInput = z.input<typeof ExecLimits>;

/** What one run of a program produced. */
export const ExecResult = z.object({
	/** The program ran to its end without an uncaught exception. */
	ok: z.boolean(),
	stdout: z.string(),
	stderr: z.string(),
	/** The traceback's last lines (or the sandbox's reason) when not ok; null when ok. */
	error: z.string().nullable(),
	timedOut: z.boolean(),
	/** Wall time of the run, in milliseconds. */
	ms: z.number(),
	/** Output went past `maxOutputBytes`: the middle was dropped and marked. */
	truncated: z.boolean()
});
export type ExecResult = z.infer<typeof ExecResult>;

/** `rstar exec --batch`: one input line. */
export const ExecBatchLine = z.object({
	id: z.union([z.string().max(200), z.number()]),
	code: z.string().max(4 * 1024 * 1024)
});

/** Parent → sandbox process. */
export const SandboxRequest = z.discriminatedUnion('type', [
	z.object({type: z.literal('run'), id: z.number().int(), code: z.string(), limits: ExecLimits}),
	z.object({type: z.literal('shutdown')})
]);
export type SandboxRequest = z.infer<typeof SandboxRequest>;

/** Sandbox process → parent. */
export const SandboxMessage = z.discriminatedUnion('type', [
	/** The interpreter is loaded and takes runs. */
	z.object({
		type: z.literal('ready'), startMs: z.number(),
		/** What the process sees of itself, for `rstar exec --isolation`: its pid (1 in a PID namespace of its own),
		 * its network interfaces, and the realm capabilities Python could still reach (none when closed). */
		seen: z.object({pid: z.number().int(), interfaces: z.array(z.string()), realmReachable: z.array(z.string())})
	}),
	/** The run has reached its interpreter: its time starts now (it may have waited for a fresh interpreter). */
	z.object({type: z.literal('started'), id: z.number().int()}),
	z.object({type: z.literal('result'), id: z.number().int(), result: ExecResult}),
	/** The interpreter was replaced (damage found by the health probe, a crash, a hard kill); the process lives on. */
	z.object({type: z.literal('recycled'), reason: z.string(), startMs: z.number()}),
	/** The process cannot go on (e.g. the interpreter fails to load); the parent replaces it. */
	z.object({type: z.literal('fatal'), message: z.string()})
]);
export type SandboxMessage = z.infer<typeof SandboxMessage>;

/** Pyodide worker thread → the sandbox process's main thread. */
export const WorkerMessage = z.discriminatedUnion('type', [
	/** Loaded; `realmReachable` lists what Python could still reach of the realm (the js modules, process members). */
	z.object({type: z.literal('ready'), realmReachable: z.array(z.string())}),
	/** A memory snapshot of the bare interpreter, taken by the first interpreter; later ones start from it. */
	z.object({type: z.literal('snapshot'), bytes: z.instanceof(Uint8Array)}),
	z.object({
		type: z.literal('result'), id: z.number().int(), ok: z.boolean(), error: z.string().nullable(),
		interrupted: z.boolean(),
		/** Health-probe findings after the run: any entry means the interpreter must be replaced. */
		damage: z.array(z.string())
	}),
	/** Output of the current run, in order. */
	z.object({type: z.literal('output'), id: z.number().int(), stream: z.enum(['stdout', 'stderr']), text: z.string()}),
	z.object({type: z.literal('failed'), message: z.string()})
]);
export type WorkerMessage = z.infer<typeof WorkerMessage>;
