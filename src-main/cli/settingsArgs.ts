import {settingsFor} from '../contract/presets.js';
import {SearchSettings, type SearchSettingsInput} from '../contract/search.js';
import {parseFlags, parseGiven, schemaFlags} from './schemaArgs.js';

const flags = schemaFlags(SearchSettings);

/**
 * One flag per search setting, derived from the contract's schema (`beamWidth` → `--beam-width`), so the CLI cannot
 * drift from what a search takes; `--preset` starts from one of the reference's configurations.
 */
export const settingsOptions = flags.options;

/** The usage text of those flags. */
export const settingsUsage = flags.usage;

/** Only the settings whose flags were given, checked: what a round records as its overrides. */
export function settingsOverridesFromArgs(values: Record<string, unknown>): Partial<SearchSettings> {
	return parseGiven(SearchSettings, flags.given(values), flags);
}

/**
 * The search settings the flags in `values` give: the preset's, `base` (values a command fixes itself), then the flags
 * on top, checked by the contract's schema — a bad value is a usage error naming its flag.
 */
export function settingsFromArgs(values: Record<string, unknown>, base: SearchSettingsInput = {}): SearchSettings {
	const input = {...base, ...flags.given(values)};
	const parsed = parseFlags(SearchSettings, input, flags);
	return settingsFor(parsed.preset, input as SearchSettingsInput);
}
