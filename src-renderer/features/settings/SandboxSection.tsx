import type {SectionProps, SettingsDraft} from './SettingsDraft';
import {SettingField} from './SettingField';

/** The sandbox pool and the limits of each run; the time limit is the default of new searches. */
export function SandboxSection({draft, errors, onChange}: SectionProps) {
	const sandbox = (key: keyof SettingsDraft['sandbox'], value: number) => onChange({...draft, sandbox: {...draft.sandbox, [key]: value}});
	const timeoutMs = draft.searchDefaults.execTimeoutMs ?? 10_000;
	return (
		<section className="settings-section" aria-labelledby="settings-sandbox">
			<h2 id="settings-sandbox">Sandbox</h2>
			<p className="muted">Where the searches' Python runs. Applied from the next run, without a restart: the pool grows or shrinks
				(a run in progress finishes first). Answer grading has a pool of its own.</p>
			<div className="settings-grid">
				<SettingField label="workers" path="sandbox.workers" error={errors['sandbox.workers']} hint="sandbox processes">
					{aria => <input type="number" min={1} max={32} value={draft.sandbox.workers} onChange={event => sandbox('workers', Number(event.target.value))} {...aria}/>}
				</SettingField>
				<SettingField label="memory (MiB)" path="sandbox.memoryMb" error={errors['sandbox.memoryMb']} hint="resident, per run">
					{aria => <input type="number" min={256} step={256} value={draft.sandbox.memoryMb} onChange={event => sandbox('memoryMb', Number(event.target.value))} {...aria}/>}
				</SettingField>
				<SettingField label="output (bytes)" path="sandbox.maxOutputBytes" error={errors['sandbox.maxOutputBytes']} hint="kept per stream; the middle is cut">
					{aria => <input type="number" min={256} step={1024} value={draft.sandbox.maxOutputBytes} onChange={event => sandbox('maxOutputBytes', Number(event.target.value))} {...aria}/>}
				</SettingField>
				<SettingField label="time limit (ms)" path="searchDefaults.execTimeoutMs" error={errors['searchDefaults.execTimeoutMs']} hint="per run; the default of new searches">
					{aria => <input type="number" min={50} step={1000} value={timeoutMs}
						onChange={event => onChange({...draft, searchDefaults: {...draft.searchDefaults, execTimeoutMs: Number(event.target.value)}})} {...aria}/>}
				</SettingField>
			</div>
		</section>
	);
}
