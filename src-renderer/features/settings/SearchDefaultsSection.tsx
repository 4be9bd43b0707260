import {answerSelections, searchPresets, type SearchPreset, type SearchSettings} from '../../../src-main/contract/search';
import {startingSearchSettings} from '../../lib/startingSearchSettings';
import type {SectionProps} from './SettingsDraft';
import {SettingField} from './SettingField';

/** The settings shown here: a preset picker and its common overrides. */
const shownKeys = ['rollouts', 'candidates', 'maxDepth', 'temperature', 'cPuct', 'answerSelection', 'useGroundTruth'] as const;
type NumberKey = 'rollouts' | 'candidates' | 'maxDepth' | 'temperature' | 'cPuct';

/** What the Search page's form and `search.start` start from: a preset and the overrides most often changed. */
export function SearchDefaultsSection({draft, errors, onChange}: SectionProps) {
	const values = startingSearchSettings(draft.searchDefaults);
	const set = <K extends keyof SearchSettings>(key: K, value: SearchSettings[K]) => onChange({...draft, searchDefaults: {...draft.searchDefaults, [key]: value}});
	// A new preset brings its own values for the settings shown here; the others (time limit, seed) stay.
	const choosePreset = (preset: SearchPreset | null) => onChange({
		...draft, searchDefaults: {...Object.fromEntries(Object.entries(draft.searchDefaults).filter(([key]) => !(shownKeys as readonly string[]).includes(key))), preset}
	});
	const number = (key: NumberKey, label: string, step = 1) => (
		<SettingField label={label} path={`searchDefaults.${key}`} error={errors[`searchDefaults.${key}`]}>
			{aria => <input type="number" step={step} value={values[key]} onChange={event => set(key, Number(event.target.value))} {...aria}/>}
		</SettingField>
	);
	return (
		<section className="settings-section" aria-labelledby="settings-search">
			<h2 id="settings-search">Search defaults</h2>
			<p className="muted">The Search page's form starts from these, and a search started without a value for a setting takes it from here.
				Round searches follow their round's schedule instead.</p>
			<SettingField label="preset" path="searchDefaults.preset" error={errors['searchDefaults.preset']}>
				{aria => (
					<select value={values.preset ?? ''} onChange={event => choosePreset(event.target.value === '' ? null : event.target.value as SearchPreset)} {...aria}>
						<option value="">quick search (no preset)</option>
						{searchPresets.map(preset => <option key={preset} value={preset}>{preset}</option>)}
					</select>
				)}
			</SettingField>
			<div className="settings-grid">
				{number('rollouts', 'rollouts')}
				{number('candidates', 'candidates')}
				{number('maxDepth', 'max depth')}
				{number('temperature', 'temperature', 0.1)}
				{number('cPuct', 'c (UCT)', 0.1)}
				<SettingField label="answer selection" path="searchDefaults.answerSelection" error={errors['searchDefaults.answerSelection']}>
					{aria => (
						<select value={values.answerSelection} onChange={event => set('answerSelection', event.target.value as SearchSettings['answerSelection'])} {...aria}>
							{answerSelections.map(rule => <option key={rule} value={rule}>{rule}</option>)}
						</select>
					)}
				</SettingField>
				<label className="field checkbox">
					<input type="checkbox" checked={values.useGroundTruth} onChange={event => set('useGroundTruth', event.target.checked)} aria-label="judge answers against the ground truth"/>
					<span>judge answers (±1)</span>
				</label>
			</div>
		</section>
	);
}
