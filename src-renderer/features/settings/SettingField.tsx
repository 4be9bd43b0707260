import type {ReactNode} from 'react';

export interface SettingFieldProps {
	label: string;
	/** The setting's path, as the API's errors name it (`sandbox.workers`). */
	path: string;
	error: string | undefined;
	/** What the setting does, or its unit. */
	hint?: string;
	children(props: {'aria-label': string; 'aria-invalid': boolean; 'aria-describedby'?: string}): ReactNode;
}

/** One labelled setting, its hint, and its validation error inline, naming it. */
export function SettingField({label, path, error, hint, children}: SettingFieldProps) {
	const errorId = `error-${path}`;
	return (
		<label className="field setting-field">
			<span>{label}</span>
			{children({'aria-label': label, 'aria-invalid': error !== undefined, ...error !== undefined && {'aria-describedby': errorId}})}
			{hint && <small className="muted">{hint}</small>}
			{error !== undefined && <small className="error" id={errorId} role="alert">{label}: {error}</small>}
		</label>
	);
}
