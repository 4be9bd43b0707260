import type {ChildProcess} from 'node:child_process';

/**
 * How to start a plain Node process from this one: Node's own binary, or, inside Electron, Electron's binary
 * switched to Node mode (ELECTRON_RUN_AS_NODE; a packaged build's RunAsNode fuse forbids it, see the README).
 */
export function nodeProcess(): {command: string; env: NodeJS.ProcessEnv} {
	return {command: process.execPath, env: process.versions.electron ? {ELECTRON_RUN_AS_NODE: '1'} : {}};
}

/** Asks a child process to end (`goodbye` over IPC), and kills it if it has not within `graceMs`. */
export async function endChildProcess(child: ChildProcess, goodbye: object, graceMs: number): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null)
		return;
	const gone = new Promise<void>(resolve => child.once('exit', () => resolve()));
	child.send(goodbye);
	const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await gone;
	clearTimeout(timer);
}
