// `npm run bench`: bundles each bench/*.bench.ts and runs it; benches print figures, they assert nothing.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = process.argv[2];
const benches = fs.readdirSync(path.join(root, 'bench')).filter(file => file.endsWith('.bench.ts') && (!only || file.includes(only))).sort();
for (const file of benches) {
	const outfile = path.join(root, 'dist', 'bench', file.replace(/\.ts$/, '.mjs'));
	await build({
		entryPoints: [path.join(root, 'bench', file)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20',
		packages: 'external', loader: {'.sql': 'text', '.py': 'text'}, logLevel: 'warning'
	});
	const result = spawnSync(process.execPath, [outfile], {stdio: 'inherit', cwd: root});
	if (result.status !== 0)
		process.exit(result.status ?? 1);
}
