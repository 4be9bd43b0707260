import type {ApiParams} from '../../../src-main/contract/api';
import type {SearchSettingsInput} from '../../../src-main/contract/search';
import type {SandboxSettings, WorkbenchSettings} from '../../../src-main/contract/settings';
import {startingSearchSettings} from '../../lib/startingSearchSettings';

/** The Settings page's form: the settings as edited, folders as text ('' is the default place). */
export interface SettingsDraft {
	userName: string;
	sandbox: SandboxSettings;
	/** The search defaults as overrides of their preset (or of a quick search). */
	searchDefaults: SearchSettingsInput;
	modelsDir: string;
	dataDir: string;
}

/** Inline errors by the setting's path (`sandbox.workers`), as the API's issues name it. */
export type FieldErrors = Record<string, string>;

/** What every section of the form takes. */
export interface SectionProps {
	draft: SettingsDraft;
	errors: FieldErrors;
	onChange(draft: SettingsDraft): void;
}

export function draftOf(settings: WorkbenchSettings): SettingsDraft {
	return {...settings, modelsDir: settings.modelsDir ?? '', dataDir: settings.dataDir ?? ''};
}

/**
 * What Save sends: every setting, with the search defaults reduced to the values that differ from their preset's
 * (so a preset changed later is not pinned by values copied from the old one).
 */
export function updateOf(draft: SettingsDraft): ApiParams<'settings.set'> {
	const base = startingSearchSettings({preset: draft.searchDefaults.preset ?? null});
	const overrides = Object.fromEntries(Object.entries(draft.searchDefaults)
		.filter(([key, value]) => key === 'preset' ? value !== null : value !== base[key as keyof typeof base]));
	return {
		userName: draft.userName, sandbox: draft.sandbox, searchDefaults: overrides,
		modelsDir: draft.modelsDir.trim() === '' ? null : draft.modelsDir.trim(), dataDir: draft.dataDir.trim() === '' ? null : draft.dataDir.trim()
	};
}

/** The settings that differ between `before` and `after`, as `path: value` lines, in `after`'s terms. */
export function changesBetween(before: WorkbenchSettings, after: WorkbenchSettings): string[] {
	const flat = (value: unknown, prefix: string, into: Map<string, string>) => {
		if (value !== null && typeof value === 'object')
			for (const [key, inner] of Object.entries(value))
				flat(inner, prefix ? `${prefix}.${key}` : key, into);
		else
			into.set(prefix, JSON.stringify(value));
		return into;
	};
	const old = flat(before, '', new Map());
	const now = flat(after, '', new Map());
	return [...new Set([...old.keys(), ...now.keys()])]
		.filter(key => old.get(key) !== now.get(key))
		.map(key => `${key}: ${now.get(key) ?? '(default)'}`);
}
