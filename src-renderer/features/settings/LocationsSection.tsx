import type {SectionProps} from './SettingsDraft';
import {SettingField} from './SettingField';

/** Where rounds write their data and trained models; empty is the default place, named. */
export function LocationsSection({draft, errors, onChange, defaultDataDir}: SectionProps & {defaultDataDir: string}) {
	return (
		<section className="settings-section" aria-labelledby="settings-locations">
			<h2 id="settings-locations">Locations</h2>
			<p className="muted">Rounds write here from their next stage on, in <code>&lt;evolution&gt;/round-&lt;n&gt;/</code>; files already written stay
				where the round recorded them. Empty: the default place.</p>
			<SettingField label="round data folder" path="dataDir" error={errors.dataDir} hint={`default: ${defaultDataDir}`}>
				{aria => <input type="text" value={draft.dataDir} placeholder="(default)" onChange={event => onChange({...draft, dataDir: event.target.value})} {...aria}/>}
			</SettingField>
			<SettingField label="trained models folder" path="modelsDir" error={errors.modelsDir} hint="default: with the round's data">
				{aria => <input type="text" value={draft.modelsDir} placeholder="(default)" onChange={event => onChange({...draft, modelsDir: event.target.value})} {...aria}/>}
			</SettingField>
		</section>
	);
}
