import {useEffect, useState} from 'react';
import {NotBuiltPage} from '../../components/NotBuiltPage';
import {GuidelinesPanel, StepLabelsTab} from '../labels';

const tabFromHash = () => new URLSearchParams(location.hash.split('?')[1] ?? '').get('tab');

export function PairsPage() {
	const [tab, setTab] = useState(tabFromHash);
	useEffect(() => {
		const onHashChange = () => setTab(tabFromHash());
		window.addEventListener('hashchange', onHashChange);
		return () => window.removeEventListener('hashchange', onHashChange);
	}, []);
	if (tab === 'labels')
		return <StepLabelsTab/>;
	if (tab === 'guidelines')
		return <GuidelinesPanel/>;
	return <NotBuiltPage title="Pairs" planned={[
		'The curation queue of step-level preference pairs (high-Q vs low-Q steps of one prefix).',
		'Accept, reject or relabel pairs by hand, with provenance (search, nodes, Q-values, who, when).'
	]}/>;
}
