/**
 * How to start a plain Node process from this one: Node's own binary, or, inside Electron, Electron's binary
 * switched to Node mode (ELECTRON_RUN_AS_NODE; a packaged build's RunAsNode fuse forbids it, see the README).
 */
export function nodeProcess(): {command: string; env: NodeJS.ProcessEnv} {
	return {command: process.execPath, env: process.versions.electron ? {ELECTRON_RUN_AS_NODE: '1'} : {}};
}
