import type {ParseArgsConfig} from 'node:util';
import type {z} from 'zod';
import {overridesOf} from '../contract/overridesOf.js';
import {CliUsageError} from './CliCommand.js';

/** What zod keeps of a schema: its kind, the wrapped schema of a default, optional or nullable, an enum's values. */
interface SchemaDef {
	type: string;
	innerType?: z.ZodType;
	entries?: Record<string, string>;
}

/** A field's own schema under its default, optional and nullable wrappers. */
function baseDef(schema: z.ZodType): SchemaDef {
	const defOf = (s: z.ZodType) => (s as unknown as {_zod: {def: SchemaDef}})._zod.def;
	let def = defOf(schema);
	while (def.innerType)
		def = defOf(def.innerType);
	return def;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);

export interface SchemaFlags {
	/** For parseArgs: one flag per field of the schema. */
	options: NonNullable<ParseArgsConfig['options']>;
	/** The flags' usage text. */
	usage: string;
	/** The fields whose flags were given, converted (numbers) but not yet validated: the caller's schema checks them. */
	given(values: Record<string, unknown>): Record<string, unknown>;
	/** The flag that names a field (for error messages). */
	flag(field: string): string;
}

/**
 * One flag per scalar field of an object schema, derived from it (`beamWidth` → `--beam-width`, with `prefix`
 * `--ppm-beam-width`), so a command's flags cannot drift from what the contract takes.
 */
export function schemaFlags(schema: z.ZodObject, prefix = ''): SchemaFlags {
	const fields = Object.keys(schema.shape);
	const defs = new Map(fields.map(field => [field, baseDef(schema.shape[field] as z.ZodType)]));
	const flag = (field: string) => `${prefix}${kebab(field)}`;
	return {
		options: Object.fromEntries(fields.map(field => [flag(field), {type: defs.get(field)!.type === 'boolean' ? 'boolean' as const : 'string' as const}])),
		usage: fields.map(field => {
			const def = defs.get(field)!;
			const values = def.type === 'enum' ? Object.values(def.entries ?? {}).join('|') : def.type === 'number' ? 'N' : def.type === 'string' ? 'TEXT' : '';
			const text = `--${flag(field)}${values ? ` ${values}` : ''}`;
			// A field with neither a default nor `optional` must be given.
			return (schema.shape[field] as z.ZodType).safeParse(undefined).success ? `[${text}]` : text;
		}).join(' '),
		given: values => {
			const input: Record<string, unknown> = {};
			for (const field of fields) {
				const value = values[flag(field)];
				if (value !== undefined)
					input[field] = defs.get(field)!.type === 'number' && typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
			}
			return input;
		},
		flag
	};
}

/** Checks `input` against `schema`; a bad value is a usage error naming its flag. */
export function parseFlags<S extends z.ZodType>(schema: S, input: unknown, flags: SchemaFlags): z.output<S> {
	const parsed = schema.safeParse(input);
	if (!parsed.success)
		throw new CliUsageError(parsed.error.issues.map(issue => `--${flags.flag(String(issue.path[0]))}: ${issue.message}`).join('; '));
	return parsed.data;
}

/** Checks the fields given (`input`) against their schemas and returns those alone, no defaults filled in (overridesOf). */
export function parseGiven<S extends z.ZodObject>(schema: S, input: Record<string, unknown>, flags: SchemaFlags): Partial<z.output<S>> {
	return parseFlags(overridesOf(schema), input, flags);
}
