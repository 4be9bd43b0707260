import {spawnSync} from 'node:child_process';
import process from 'node:process';
import {nodeProcess} from '../nodeProcess.js';

/** How a sandbox process is started, and what that start guarantees on this machine. */
export interface IsolationCommand {
	command: string;
	/** Arguments before the node options (the OS wrapper's own). */
	prefix: string[];
	/** Node's options: the permission model and what it allows. */
	nodeOptions: string[];
	/** The environment: nothing inherited (under Electron, only the switch that makes it Node). */
	env: NodeJS.ProcessEnv;
	/** One line per guarantee, for the log and `rstar exec --isolation`. */
	guarantees: string[];
	/** What this machine does not give, each a sentence. */
	gaps: string[];
}

export interface IsolationOptions {
	/** Files and folders the sandbox may read: its own bundle, Pyodide, the packages. Nothing may be written. */
	readable: string[];
	/** V8 heap of the process's main thread, in MiB. */
	heapMb: number;
}

/** Node's permission flag: `--permission` from Node 22.13/23.5 on, experimental before. */
function permissionFlag(): string {
	const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
	return major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13) ? '--permission' : '--experimental-permission';
}

let namespacesWork: boolean | undefined;

/** Whether `unshare` can give a process network and PID namespaces of its own here (root, or user namespaces). */
function linuxNamespacePrefix(): string[] | null {
	const asRoot = process.getuid?.() === 0;
	const prefix = ['unshare', ...(asRoot ? [] : ['--user', '--map-root-user']), '--net', '--pid', '--fork', '--kill-child', '--'];
	namespacesWork ??= spawnSync(prefix[0]!, [...prefix.slice(1), 'true'], {stdio: 'ignore', timeout: 5000}).status === 0;
	return namespacesWork ? prefix : null;
}

/**
 * The command line of a sandbox process. Pyodide hands Python the JavaScript realm it runs in; the worker takes that
 * away, and isolation still comes from below Python too: Node's permission model removes file access (read: only the
 * listed paths; write: none), child processes and native add-ons; the environment is empty; a session of its own
 * keeps signals to its process group away from the app; on Linux, network and PID namespaces remove the network (a
 * private loopback with nothing on it) and the sight of every other process; on macOS, sandbox-exec denies the
 * network.
 */
export function isolationCommand(options: IsolationOptions): IsolationCommand {
	const nodeOptions = [
		'--no-warnings',
		permissionFlag(),
		...options.readable.map(entry => `--allow-fs-read=${entry}`),
		// The interpreter runs on a worker thread of the sandbox process, under the same permissions.
		'--allow-worker',
		`--max-old-space-size=${options.heapMb}`,
		'--disallow-code-generation-from-strings'
	];
	const guarantees = [
		'files: read only the sandbox bundle, Pyodide and the vendored packages; write nothing (Python sees an in-memory file system)',
		'processes: no child processes, no native add-ons',
		'environment: empty'
	];
	const gaps: string[] = [];
	const node = nodeProcess();
	let command = node.command;
	let prefix: string[] = [];

	if (process.platform === 'linux') {
		const namespaces = linuxNamespacePrefix();
		if (namespaces) {
			command = namespaces[0]!;
			// What the namespaces give is reported from what the running process sees (isolationReport).
			prefix = [...namespaces.slice(1), node.command];
		} else
			gaps.push('network: not isolated — unshare could not create network and PID namespaces (no root and no user namespaces)');
	} else if (process.platform === 'darwin') {
		command = 'sandbox-exec';
		prefix = ['-p', '(version 1)(allow default)(deny network*)', node.command];
		guarantees.push('network: denied by sandbox-exec');
		gaps.push('processes: other processes stay visible (process.kill works on the user\'s own processes)');
	} else
		gaps.push(`network: not isolated on ${process.platform}`, 'processes: other processes stay visible');

	if (process.platform === 'win32')
		gaps.push('process groups: Windows has none; the sandbox is not kept out of the app\'s console group');
	else
		guarantees.push('process group: a session and process group of its own (setsid): kill(0) or kill(-pgid) from inside reaches only the sandbox');
	if (process.versions.electron)
		gaps.push('Electron: sandbox processes run Electron as Node (ELECTRON_RUN_AS_NODE), which a packaged build forbids');
	return {command, prefix, nodeOptions, env: node.env, guarantees, gaps};
}

/** What a running sandbox process sees of itself (the `ready` message), checked rather than assumed. */
export interface SandboxSelfView {
	pid: number;
	interfaces: string[];
	realmReachable: string[];
}

/**
 * The guarantees and gaps of the command line, completed with what a running sandbox process saw: whether it is
 * pid 1 of a PID namespace, whether it has any network interface but a loopback, and what of the JavaScript realm
 * Python could still reach.
 */
export function isolationReport(command: IsolationCommand, seen: SandboxSelfView): {guarantees: string[]; gaps: string[]} {
	const guarantees = [...command.guarantees];
	const gaps = [...command.gaps];
	if (seen.realmReachable.length === 0)
		guarantees.push('realm: Python reaches no JavaScript global (no js, no pyodide_js module) and process has no kill, getBuiltinModule, bindings or abort');
	else
		gaps.push(`realm: Python can still reach ${seen.realmReachable.join(', ')}`);
	if (process.platform === 'linux') {
		if (seen.pid === 1)
			guarantees.push('processes: sees none outside its PID namespace (it is pid 1 there)');
		else
			gaps.push(`processes: no PID namespace (it is pid ${seen.pid}): other processes stay visible`);
		if (seen.interfaces.every(name => name === 'lo'))
			guarantees.push('network: none (a network namespace of its own: only a loopback with nothing on it)');
		else if (!gaps.some(gap => gap.startsWith('network:')))
			gaps.push(`network: not isolated — it sees ${seen.interfaces.join(', ')}`);
	}
	return {guarantees, gaps};
}
