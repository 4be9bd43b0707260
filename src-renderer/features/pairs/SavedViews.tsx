import {useCallback, useEffect, useState} from 'react';
import type {PairView, SavedPairView} from '../../../src-main/contract/curation';
import {useApi} from '../../api/ApiContext';
import {formError} from '../../api/formError';

/** The named views of the queue: save the current filters and order under a name, open or delete one. */
export function SavedViews({view, onOpen}: {view: PairView; onOpen(view: PairView): void}) {
	const api = useApi();
	const [views, setViews] = useState<SavedPairView[]>([]);
	const [name, setName] = useState('');
	const [error, setError] = useState<string | null>(null);
	const load = useCallback(() => {
		api.call('pairView.list', {}).then(setViews, (failure: unknown) => setError(formError(failure).message));
	}, [api]);
	useEffect(load, [load]);
	const save = () => {
		setError(null);
		api.call('pairView.save', {name, view}).then(() => {
			setName('');
			load();
		}, (failure: unknown) => setError(formError(failure).message));
	};
	const remove = (id: number) => {
		setError(null);
		api.call('pairView.delete', {id}).then(load, (failure: unknown) => setError(formError(failure).message));
	};
	return (
		<div className="pairs-actions" role="group" aria-label="Saved views">
			<select aria-label="Open a saved view" value="" onChange={event => {
				const saved = views.find(one => one.id === Number(event.target.value));
				if (saved)
					onOpen(saved.view);
			}}>
				<option value="">{views.length === 0 ? 'no saved views' : 'open a saved view…'}</option>
				{views.map(saved => <option key={saved.id} value={saved.id}>{saved.name}</option>)}
			</select>
			<form className="inline" onSubmit={event => {
				event.preventDefault();
				save();
			}}>
				<input type="text" placeholder="name this view" aria-label="View name" value={name} maxLength={200} onChange={event => setName(event.target.value)}/>
				<button type="submit" disabled={name.trim() === ''}>Save view</button>
			</form>
			{views.length > 0 && (
				<details className="pairs-views">
					<summary>{views.length} saved</summary>
					<ul>
						{views.map(saved => (
							<li key={saved.id}>
								<button type="button" className="link" onClick={() => onOpen(saved.view)}>{saved.name}</button>
								<button type="button" aria-label={`Delete view ${saved.name}`} onClick={() => remove(saved.id)}>×</button>
							</li>
						))}
					</ul>
				</details>
			)}
			{error && <span className="error" role="alert">{error}</span>}
		</div>
	);
}
