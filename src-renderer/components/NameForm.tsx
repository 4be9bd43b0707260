import {useState} from 'react';
import {useApi} from '../api/ApiContext';

/**
 * Asks for the user's name when the settings have none, where what is saved records who made it (step labels,
 * guidelines); `why` says so. Saved to the settings (`settings.changed` then brings it to every view), so it is asked once.
 */
export function NameForm({why}: {why: string}) {
	const api = useApi();
	const [name, setName] = useState('');
	const [failure, setFailure] = useState<string | null>(null);
	return (
		<form className="name-form notice" onSubmit={event => {
			event.preventDefault();
			setFailure(null);
			api.call('settings.set', {userName: name.trim()}).catch((error: Error) => setFailure(error.message));
		}}>
			<label>Your name <input type="text" value={name} maxLength={200} onChange={event => setName(event.target.value)}/></label>
			<button type="submit" disabled={name.trim() === ''}>Save name</button>
			<span className="muted">{why}</span>
			{failure && <p className="error" role="alert">{failure}</p>}
		</form>
	);
}
