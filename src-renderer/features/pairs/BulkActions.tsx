import {useState} from 'react';
import type {PairFilters} from '../../../src-main/contract/curation';
import {useApi} from '../../api/ApiContext';
import {formError} from '../../api/formError';

type BulkVerdict = 'accepted' | 'rejected' | 'pending';

const verbs: Record<BulkVerdict, string> = {accepted: 'Accept all', rejected: 'Reject all', pending: 'Reset all'};

/** One verdict on every pair of the filtered set, after a confirmation naming how many it changes. */
export function BulkActions({filters, total, labeller}: {filters: PairFilters; total: number; labeller: string}) {
	const api = useApi();
	const [asked, setAsked] = useState<BulkVerdict | null>(null);
	const [message, setMessage] = useState<{error: boolean; text: string} | null>(null);
	const run = (verdict: BulkVerdict) => {
		setAsked(null);
		setMessage(null);
		api.call('pair.bulk', {...filters, verdict, labeller}).then(
			result => setMessage({error: false, text: `${verbs[verdict]}: ${result.changed} pair${result.changed === 1 ? '' : 's'} changed.`}),
			(failure: unknown) => setMessage({error: true, text: formError(failure).message})
		);
	};
	return (
		<div className="pairs-actions" role="group" aria-label="Bulk actions">
			{asked === null
				? (Object.keys(verbs) as BulkVerdict[]).map(verdict => (
					<button key={verdict} type="button" disabled={total === 0 || labeller === ''} onClick={() => setAsked(verdict)}>{verbs[verdict]}</button>
				))
				: (
					<span className="pairs-confirm" role="alertdialog" aria-label="Confirm bulk action">
						{verbs[asked]}: {total} pair{total === 1 ? '' : 's'} of this view, one decision each by {labeller}?
						<button type="button" onClick={() => run(asked)}>Confirm</button>
						<button type="button" onClick={() => setAsked(null)}>Cancel</button>
					</span>
				)}
			{message && <span className={message.error ? 'error' : 'muted'} role={message.error ? 'alert' : 'status'}>{message.text}</span>}
		</div>
	);
}
