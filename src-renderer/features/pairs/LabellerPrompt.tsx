import {useState} from 'react';
import {useApi} from '../../api/ApiContext';
import {formError} from '../../api/formError';

/**
 * Asks for the labeller's name where a decision needs one: saved as the user's name in the settings (the name the
 * Search page gives its pairs), so it is asked once.
 */
export function LabellerPrompt() {
	const api = useApi();
	const [name, setName] = useState('');
	const [error, setError] = useState<string | null>(null);
	const save = () => {
		setError(null);
		api.call('settings.set', {userName: name}).catch((failure: unknown) => setError(formError(failure).message));
	};
	return (
		<form className="notice pairs-labeller" onSubmit={event => {
			event.preventDefault();
			save();
		}}>
			<label>
				Decisions record who took them: your name
				<input type="text" value={name} maxLength={200} onChange={event => setName(event.target.value)} aria-label="Your name"/>
			</label>
			<button type="submit" disabled={name.trim() === ''}>Save name</button>
			{error && <span className="error" role="alert">{error}</span>}
		</form>
	);
}
