import type {SectionProps} from './SettingsDraft';
import {SettingField} from './SettingField';

/** Who labels: the name recorded with hand-made pairs. */
export function ProvenanceSection({draft, errors, onChange}: SectionProps) {
	return (
		<section className="settings-section" aria-labelledby="settings-provenance">
			<h2 id="settings-provenance">Provenance</h2>
			<SettingField label="your name" path="userName" error={errors.userName} hint="recorded with the preference pairs you make; the Search page fills it in">
				{aria => <input type="text" value={draft.userName} maxLength={200} onChange={event => onChange({...draft, userName: event.target.value})} {...aria}/>}
			</SettingField>
		</section>
	);
}
