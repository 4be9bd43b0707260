import {settingsFor} from '../../src-main/contract/presets';
import type {SearchSettings, SearchSettingsInput} from '../../src-main/contract/search';

/** With no preset, the Search page starts a quick search: the contract's rules on a budget small enough to watch. */
const quickSearchBudget = {rollouts: 8, candidates: 4, maxDepth: 8};

/**
 * The settings the Search page's form starts from, as the Settings page shows them: the preset named in `defaults`
 * (or a quick search), then the defaults' overrides on top.
 */
export function startingSearchSettings(defaults: SearchSettingsInput): SearchSettings {
	return settingsFor(defaults.preset, {...defaults.preset ? {} : quickSearchBudget, ...defaults});
}
