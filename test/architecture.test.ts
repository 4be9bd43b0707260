import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {repoRoot} from './support/runCli.js';

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(path.join(repoRoot, dir), {recursive: true, encoding: 'utf8'})
		.filter(file => /\.(ts|tsx)$/.test(file))
		.map(file => path.join(dir, file));
}

/** Every module specifier a file imports (static imports, re-exports and dynamic imports). */
function importsOf(file: string): string[] {
	const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
	return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)]
		.map(match => match[1] ?? match[2] ?? match[3]!);
}

function resolvesInto(file: string, specifier: string): string {
	return path.normalize(path.join(path.dirname(file), specifier));
}

describe('architecture', () => {
	it('only src-main/electron/ imports electron, so everything else runs in plain Node (CLI, serve)', () => {
		const offenders = sourceFiles('src-main')
			.filter(file => !file.startsWith(path.join('src-main', 'electron')))
			.filter(file => importsOf(file).some(specifier => specifier === 'electron' || specifier.startsWith('electron/')));
		expect(offenders).toEqual([]);
	});

	it('the contract imports nothing of ours outside itself', () => {
		for (const file of sourceFiles(path.join('src-main', 'contract')))
			for (const specifier of importsOf(file).filter(s => s.startsWith('.')))
				expect(resolvesInto(file, specifier), `${file} imports ${specifier}`).toMatch(/^src-main\/contract\//);
	});

	it('the renderer reaches the main side only through the contract, and no feature imports another', () => {
		for (const file of sourceFiles('src-renderer'))
			for (const specifier of importsOf(file).filter(s => s.startsWith('.'))) {
				const target = resolvesInto(file, specifier);
				if (target.startsWith('src-main'))
					expect(target, `${file} imports ${specifier}`).toMatch(/^src-main\/contract\//);
				const feature = /^src-renderer\/features\/([^/]+)/.exec(file)?.[1];
				const targetFeature = /^src-renderer\/features\/([^/]+)/.exec(target)?.[1];
				if (feature && targetFeature)
					expect(targetFeature, `${file} imports ${specifier}`).toBe(feature);
			}
	});

	it('the renderer never writes HTML strings (untrusted text is rendered as text)', () => {
		for (const file of sourceFiles('src-renderer')) {
			const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
			expect(text, file).not.toMatch(/dangerouslySetInnerHTML|\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write/);
			expect(text, file).not.toMatch(/katex\.renderToString/);
		}
	});

	it('the Electron window keeps the security checklist', () => {
		const main = fs.readFileSync(path.join(repoRoot, 'src-main', 'electron', 'main.ts'), 'utf8');
		for (const flag of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webviewTag: false', 'webSecurity: true'])
			expect(main).toContain(flag);
		expect(main).toMatch(/loadURL\(`\$\{appOrigin\}\//);
		expect(main).not.toMatch(/loadFile|file:\/\//);
		const harden = fs.readFileSync(path.join(repoRoot, 'src-main', 'electron', 'hardenSessions.ts'), 'utf8');
		for (const guard of ['setPermissionRequestHandler', 'setPermissionCheckHandler', "'will-navigate'", 'setWindowOpenHandler', "'will-attach-webview'"])
			expect(harden).toContain(guard);
	});
});
