import {z} from 'zod';
import type {App} from '../../app.js';
import {apiMethods} from '../../contract/api.js';
import {ModelRuntimeSettings, parameterCount, type RegisteredModel} from '../../contract/models.js';
import {parseCommandArgs, writeJson, writeTable, type CliCommand} from '../CliCommand.js';
import {parseFlags, schemaFlags} from '../schemaArgs.js';
import {dbArg, dbOption, withCliApp} from '../workspaceArg.js';

// The model registry headless, on the service the Models page calls; the shipped models are registered on open.
const runtimeFlags = schemaFlags(ModelRuntimeSettings);
const modelId = z.coerce.number({error: 'MODEL is a model id (rstar models list shows them)'}).int();
const jsonOption = {json: {type: 'boolean'}} as const;

const PathArgs = z.object({positionals: z.tuple([z.string().min(1)], {error: 'give exactly one PATH'}), json: z.boolean().default(false), db: dbArg});
const IdArgs = z.object({positionals: z.tuple([modelId], {error: 'give exactly one MODEL id'}), db: dbArg});

function printModels(models: readonly RegisteredModel[], json: boolean): void {
	if (json)
		return writeJson(models);
	writeTable(['id', 'kind', 'name', 'arch', 'params', 'quant', 'context', 'vocab', 'sha256', 'status', 'path'], models.map(model => [
		String(model.id), model.builtin ? `${model.kind} (built-in)` : model.kind, model.name, model.architecture ?? '', parameterCount(model.parameters),
		model.quantization ?? '', model.contextLength?.toString() ?? '', model.vocabularySize?.toString() ?? '', model.sha256?.slice(0, 12) ?? '',
		model.error ? `error: ${model.error}` : model.status, model.path
	]));
}

function pathCommand(name: 'add' | 'scan', summary: string): CliCommand {
	return {
		name: `models ${name}`,
		summary,
		usage: `rstar models ${name} PATH [--json] [--db PATH]`,
		async run(argv) {
			const args = parseCommandArgs(argv, {...jsonOption, ...dbOption}, PathArgs);
			await withCliApp(args.db, {}, async app => printModels(await app.models[name]({path: args.positionals[0]}), args.json));
			return 0;
		}
	};
}

export const modelsAdd = pathCommand('add', 'register a .gguf policy or LoRA adapter, or a PPM bundle folder, by path (never copied); another folder is scanned');
export const modelsScan = pathCommand('scan', 'register every .gguf file and PPM bundle below a folder, recursively');

export const modelsList: CliCommand = {
	name: 'models list',
	summary: 'list the registered models: kind, architecture, parameters, quantisation, context, vocabulary, sha256, status (a broken file with its reason)',
	usage: 'rstar models list [--json] [--db PATH]',
	async run(argv) {
		const args = parseCommandArgs(argv, {...jsonOption, ...dbOption}, z.object({positionals: z.tuple([], {error: 'models list takes only options'}), json: z.boolean().default(false), db: dbArg}));
		await withCliApp(args.db, {}, async app => printModels(await app.models.list(), args.json));
		return 0;
	}
};

/** A command on one model by id, printing what `work` returns as JSON. */
function idCommand(name: 'show' | 'remove', summary: string, work: (app: App, id: number) => unknown): CliCommand {
	return {
		name: `models ${name}`,
		summary,
		usage: `rstar models ${name} MODEL [--db PATH]`,
		async run(argv) {
			const args = parseCommandArgs(argv, dbOption, IdArgs);
			await withCliApp(args.db, {}, async app => writeJson(await work(app, args.positionals[0])));
			return 0;
		}
	};
}

export const modelsShow = idCommand('show', 'print one registered model in full as JSON: its metadata, lineage and runtime settings', (app, id) => app.models.get(id));
export const modelsRemove = idCommand('remove', 'unregister a model (its files stay on disk); built-in models cannot be removed', async (app, id) => {
	await app.models.remove(id);
	return {removed: true};
});

const SetArgs = z.looseObject({positionals: z.tuple([modelId], {error: 'give exactly one MODEL id'}), db: dbArg});

export const modelsSet: CliCommand = {
	name: 'models set',
	summary: 'replace a policy\'s runtime settings (those not given fall back to the app\'s): used from its next load',
	usage: `rstar models set MODEL ${runtimeFlags.usage} [--db PATH]`,
	async run(argv) {
		const args = parseCommandArgs(argv, {...runtimeFlags.options, ...dbOption}, SetArgs);
		const given = runtimeFlags.given(args);
		// --gpu-layers takes `auto` or a count: a union, which the derived flags leave as text.
		if (typeof given.gpuLayers === 'string' && /^\d+$/.test(given.gpuLayers))
			given.gpuLayers = Number(given.gpuLayers);
		const params = parseFlags(apiMethods['model.setRuntime'].params, {...given, id: args.positionals[0]}, runtimeFlags);
		await withCliApp(args.db, {}, app => {
			const {id, ...runtime} = params;
			writeJson(app.models.setRuntime(id, runtime));
		});
		return 0;
	}
};

export const modelsCommands: readonly CliCommand[] = [modelsAdd, modelsScan, modelsList, modelsShow, modelsRemove, modelsSet];
