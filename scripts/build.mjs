// Builds the main side with esbuild (the CLI, the Electron main process, the preload) and the renderer with Vite.
// Type checking is separate (`npm run typecheck`): esbuild only strips types, which keeps builds to seconds.
import {build} from 'esbuild';
import {build as viteBuild} from 'vite';
import {compilePythonPackages} from './compilePythonPackages.mjs';
import {extractLlamaPython} from './extractLlamaPython.mjs';

const shared = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	sourcemap: 'linked',
	loader: {'.sql': 'text', '.py': 'text'},
	logLevel: 'warning'
};

await build({
	...shared,
	entryPoints: {cli: 'src-main/cli/main.ts', 'electron-main': 'src-main/electron/main.ts', 'model-host': 'src-main/modelHost/process/modelHostProcess.ts'},
	outdir: 'dist/main',
	format: 'esm',
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	// Dependencies stay in node_modules: several are native, and electron-builder packs them from there.
	packages: 'external'
});

// A sandboxed preload cannot load modules, so it is one self-contained CommonJS file; only `electron` is external.
await build({
	...shared,
	entryPoints: {preload: 'src-main/electron/preload.ts'},
	outdir: 'dist/main',
	outExtension: {'.js': '.cjs'},
	format: 'cjs',
	external: ['electron']
});

// The sandbox process and its interpreter thread run under Node's permission model, which lets them read only their
// own folder: each is one self-contained file (.mjs, so Node looks up no package.json to learn the module type).
await build({
	...shared,
	entryPoints: {'sandbox-process': 'src-main/sandbox/process/sandboxProcess.ts', 'sandbox-worker': 'src-main/sandbox/process/pyodideWorker.ts'},
	outdir: 'dist/sandbox',
	outExtension: {'.js': '.mjs'},
	format: 'esm',
	sourcemap: false
});

if (await compilePythonPackages())
	console.log('build: compiled the sandbox\'s Python packages for Pyodide');

if (extractLlamaPython())
	console.log('build: extracted llama.cpp\'s gguf-py for the trainer');

await viteBuild({configFile: 'vite.config.ts', logLevel: 'warn'});
