import fs from 'node:fs';
import path from 'node:path';
import {Ajv} from 'ajv';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {repoRoot} from '../support/runCli.js';

// Packaging needs a network (Electron and tool downloads), so it cannot run here; the configuration can be checked.
const config = parse(fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const packageJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, any>;

describe('electron-builder.yml', () => {
	it('is valid against electron-builder\'s own schema', () => {
		const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
		const validate = new Ajv({allErrors: true, strict: false}).compile(schema);
		expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
	});

	it('targets Linux (AppImage, deb), macOS (dmg) and Windows (nsis)', () => {
		expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
		expect(config.mac.target).toEqual(['dmg']);
		expect(config.win.target).toEqual(['nsis']);
	});

	it('sets the hardening fuses: RunAsNode, NODE_OPTIONS and inspect off; asar integrity on', () => {
		expect(config.asar).toBe(true);
		expect(config.electronFuses).toMatchObject({
			runAsNode: false,
			enableNodeOptionsEnvironmentVariable: false,
			enableNodeCliInspectArguments: false,
			enableEmbeddedAsarIntegrityValidation: true,
			onlyLoadAppFromAsar: true
		});
	});

	it('unpacks every native dependency from asar and ships resources/', () => {
		const natives = ['better-sqlite3', 'node-llama-cpp', 'onnxruntime-node', 'pyodide'];
		for (const name of natives) {
			expect(packageJson.dependencies[name], `${name} is a dependency`).toBeDefined();
			expect(config.asarUnpack).toContain(`node_modules/${name}/**`);
		}
		expect(config.asarUnpack).toContain('**/*.node');
		expect(config.asarUnpack).toContain('node_modules/@node-llama-cpp/**');
		expect(config.extraResources).toContainEqual({from: 'resources', to: 'resources'});
		expect(config.files).toContain('dist/**/*');
	});

	it('packs the entry point the build produces (package.json main, inside the packed files)', () => {
		expect(packageJson.main).toMatch(/^dist\//);
		expect(fs.existsSync(path.join(repoRoot, packageJson.main)), `${packageJson.main} is built by npm run build`).toBe(true);
		expect(fs.existsSync(path.join(repoRoot, 'dist', 'main', 'preload.cjs'))).toBe(true);
	});
});
