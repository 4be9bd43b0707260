#!/usr/bin/env node
// The `rstar` CLI. The TypeScript sources are bundled into dist/main by `npm run build`.
import fs from 'node:fs';

const entry = new URL('../dist/main/cli.js', import.meta.url);
if (!fs.existsSync(entry)) {
	process.stderr.write('rstar: not built yet — run `npm run build` (or `npm ci`, which builds) in the repository\n');
	process.exit(1);
}
await import(entry.href);
