import type {z} from 'zod';
import {settingsFor} from '../contract/presets.js';
import {SearchSettings, type SearchSettingsInput} from '../contract/search.js';
import {CliUsageError} from './CliCommand.js';

type Field = keyof typeof SearchSettings.shape;

/** What zod keeps of a schema: its kind, the wrapped schema of a default or nullable, an enum's values. */
interface SchemaDef {
	type: string;
	innerType?: z.ZodType;
	entries?: Record<string, string>;
}

/** The setting's own schema under its default and nullable wrappers. */
function baseDef(schema: z.ZodType): SchemaDef {
	const defOf = (s: z.ZodType) => (s as unknown as {_zod: {def: SchemaDef}})._zod.def;
	let def = defOf(schema);
	while (def.innerType)
		def = defOf(def.innerType);
	return def;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
const fields = Object.keys(SearchSettings.shape) as Field[];

/**
 * One flag per search setting, derived from the contract's schema (`beamWidth` → `--beam-width`), so the CLI cannot
 * drift from what a search takes; `--preset` starts from one of the reference's configurations.
 */
export const settingsOptions = Object.fromEntries(fields.map(field =>
	[kebab(field), {type: baseDef(SearchSettings.shape[field]).type === 'boolean' ? 'boolean' as const : 'string' as const}]));

/** The usage text of those flags. */
export const settingsUsage = fields.map(field => {
	const def = baseDef(SearchSettings.shape[field]);
	const values = def.type === 'enum' ? Object.values(def.entries ?? {}).join('|') : def.type === 'number' ? 'N' : '';
	return `[--${kebab(field)}${values ? ` ${values}` : ''}]`;
}).join(' ');

/**
 * The search settings the flags in `values` give: the preset's, `base` (values a command fixes itself), then the flags
 * on top, checked by the contract's schema — a bad value is a usage error naming its flag.
 */
export function settingsFromArgs(values: Record<string, unknown>, base: SearchSettingsInput = {}): SearchSettings {
	const input: Record<string, unknown> = {...base};
	for (const field of fields) {
		const value = values[kebab(field)];
		if (value !== undefined)
			input[field] = baseDef(SearchSettings.shape[field]).type === 'number' && typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	}
	const parsed = SearchSettings.safeParse(input);
	if (!parsed.success)
		throw new CliUsageError(parsed.error.issues.map(issue => `--${kebab(String(issue.path[0]))}: ${issue.message}`).join('; '));
	return settingsFor(parsed.data.preset, input as SearchSettingsInput);
}
