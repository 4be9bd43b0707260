import fs from 'node:fs';
import path from 'node:path';
import {z} from 'zod';
import {apiMethods} from '../../contract/api.js';
import {PairExportParams, PairFilters, PairLabelFields, PairQuery} from '../../contract/curation.js';
import type {App} from '../../app.js';
import {CliUsageError, parseCommandArgs, writeJson, type CliCommand} from '../CliCommand.js';
import {parseFlags, schemaFlags} from '../schemaArgs.js';
import {dbArg, dbOption, withCliApp} from '../workspaceArg.js';

// The curation queue headless, on the services the Pairs page calls: every flag derives from the contract's schemas.
const listFlags = schemaFlags(PairQuery);
const labelFlags = schemaFlags(PairLabelFields.omit({pairId: true, msSpent: true, suggestionShown: true, labeller: true}));
const exportFlags = schemaFlags(PairExportParams);
const filterFlags = schemaFlags(PairFilters);

const pairId = z.coerce.number({error: 'PAIR is a pair id'}).int();
const labellerArg = z.string().trim().min(1).optional();
const labellerOption = {labeller: {type: 'string'}} as const;

/** `--labeller NAME`, else the workspace's user name (the one the app labels with). */
function labellerOf(app: App, given: string | undefined): string {
	const name = given ?? app.settings.get().userName;
	if (!name)
		throw new CliUsageError('give --labeller NAME (or set a user name: rstar settings set --user-name NAME)');
	return name;
}

const ListArgs = z.looseObject({positionals: z.tuple([], {error: 'pairs list takes only options'}), db: dbArg});

export const pairsList: CliCommand = {
	name: 'pairs list',
	summary: 'print a page of the curation queue as JSON: rows, and counts by status for the filtered set, overall and by round',
	usage: `rstar pairs list ${listFlags.usage} [--db PATH]`,
	async run(argv) {
		const args = parseCommandArgs(argv, {...listFlags.options, ...dbOption}, ListArgs);
		const query = parseFlags(PairQuery, listFlags.given(args), listFlags);
		await withCliApp(args.db, {seedBuiltins: false}, app => writeJson(app.pairs.queue(query)));
		return 0;
	}
};

const ShowArgs = z.object({positionals: z.tuple([pairId], {error: 'give exactly one PAIR id'}), blind: z.boolean().default(false), db: dbArg});

export const pairsShow: CliCommand = {
	name: 'pairs show',
	summary: 'print one pair in full as JSON: question, shared prefix, both steps with output, Q, visits, subtree; the suggestion and decisions (not with --blind)',
	usage: 'rstar pairs show PAIR [--blind] [--db PATH]',
	async run(argv) {
		const args = parseCommandArgs(argv, {blind: {type: 'boolean'}, ...dbOption}, ShowArgs);
		await withCliApp(args.db, {seedBuiltins: false}, app => writeJson(app.pairs.get({pairId: args.positionals[0], blind: args.blind})));
		return 0;
	}
};

const LabelArgs = z.looseObject({positionals: z.tuple([pairId], {error: 'give exactly one PAIR id'}), labeller: labellerArg, db: dbArg});

export const pairsLabel: CliCommand = {
	name: 'pairs label',
	summary: 'record a decision on a pair (accepted, rejected, edited with --chosen-text/--rejected-text, swapped, both-good, both-bad, skipped, pending to reset); printed once committed',
	usage: `rstar pairs label PAIR ${labelFlags.usage} [--labeller NAME] [--db PATH]`,
	async run(argv) {
		const args = parseCommandArgs(argv, {...labelFlags.options, ...labellerOption, ...dbOption}, LabelArgs);
		const fields = labelFlags.given(args);
		await withCliApp(args.db, {seedBuiltins: false}, app => {
			const params = parseFlags(apiMethods['pair.label'].params, {...fields, pairId: args.positionals[0], labeller: labellerOf(app, args.labeller)}, labelFlags);
			writeJson(app.pairs.label(params));
		});
		return 0;
	}
};

const UndoArgs = z.object({positionals: z.tuple([], {error: 'pairs undo takes only options'}), labeller: labellerArg, db: dbArg});

export const pairsUndo: CliCommand = {
	name: 'pairs undo',
	summary: 'take back the labeller\'s latest decision; the pair returns to its state before it',
	usage: 'rstar pairs undo [--labeller NAME] [--db PATH]',
	async run(argv) {
		const args = parseCommandArgs(argv, {...labellerOption, ...dbOption}, UndoArgs);
		await withCliApp(args.db, {seedBuiltins: false}, app => writeJson(app.pairs.undo({labeller: labellerOf(app, args.labeller)})));
		return 0;
	}
};

const ExportArgs = z.looseObject({
	positionals: z.tuple([], {error: 'pairs export takes only options'}),
	out: z.string().min(1, 'give the file to write with --out FILE'),
	db: dbArg
});

export const pairsExport: CliCommand = {
	name: 'pairs export',
	summary: 'write the curated pairs a filter matches as JSONL (the reference\'s layout or TRL\'s) to FILE, and the manifest of filters and counts to FILE.manifest.json',
	usage: `rstar pairs export --out FILE ${exportFlags.usage} [--db PATH]`,
	async run(argv) {
		const args = parseCommandArgs(argv, {...exportFlags.options, out: {type: 'string'}, ...dbOption}, ExportArgs);
		const params = parseFlags(PairExportParams, exportFlags.given(args), exportFlags);
		await withCliApp(args.db, {seedBuiltins: false}, async app => {
			const file = app.pairs.export(params);
			await fs.promises.writeFile(args.out, file.content);
			await fs.promises.writeFile(`${args.out}.manifest.json`, `${JSON.stringify(file.manifest, null, '\t')}\n`);
			writeJson({out: args.out, manifest: `${args.out}.manifest.json`, rows: file.manifest.rows, counts: file.manifest.counts});
		});
		return 0;
	}
};

const ImportArgs = z.object({positionals: z.tuple([z.string().min(1)], {error: 'give exactly one FILE'}), author: labellerArg, db: dbArg});

export const pairsImport: CliCommand = {
	name: 'pairs import',
	summary: 'read pairs from a JSONL FILE (the reference\'s layout {prompt, pos, neg, …} or TRL\'s {prompt, chosen, rejected}) into the queue, pending; prints imported, duplicates and refused lines',
	usage: 'rstar pairs import FILE [--author NAME] [--db PATH]',
	async run(argv) {
		const args = parseCommandArgs(argv, {author: {type: 'string'}, ...dbOption}, ImportArgs);
		const file = args.positionals[0];
		const content = await fs.promises.readFile(file, 'utf8');
		await withCliApp(args.db, {seedBuiltins: false}, app => writeJson(app.pairs.import({fileName: path.basename(file), content, author: labellerOf(app, args.author)})));
		return 0;
	}
};

// `--labeller` filters here (who took a pair's latest decision), so the one deciding is `--by`.
const BulkArgs = z.looseObject({
	positionals: z.tuple([], {error: 'pairs bulk takes only options'}),
	verdict: z.enum(['accepted', 'rejected', 'pending'], {error: 'give --verdict accepted|rejected|pending'}),
	by: labellerArg,
	db: dbArg
});

export const pairsBulk: CliCommand = {
	name: 'pairs bulk',
	summary: 'one verdict on every pair a filter matches (e.g. accept all with --margin-min 1.5; pending resets), one decision each',
	usage: `rstar pairs bulk --verdict accepted|rejected|pending ${filterFlags.usage} [--by NAME] [--db PATH]`,
	async run(argv) {
		const args = parseCommandArgs(argv, {...filterFlags.options, verdict: {type: 'string'}, by: {type: 'string'}, ...dbOption}, BulkArgs);
		const filters = parseFlags(PairFilters, filterFlags.given(args), filterFlags);
		await withCliApp(args.db, {seedBuiltins: false}, app => writeJson(app.pairs.bulk({...filters, verdict: args.verdict, labeller: labellerOf(app, args.by)})));
		return 0;
	}
};

export const pairsCommands: readonly CliCommand[] = [pairsList, pairsShow, pairsLabel, pairsUndo, pairsBulk, pairsExport, pairsImport];
