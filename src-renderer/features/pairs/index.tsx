import {NotBuiltPage} from '../../components/NotBuiltPage';

export function PairsPage() {
	return <NotBuiltPage title="Pairs" planned={[
		'The curation queue of step-level preference pairs (high-Q vs low-Q steps of one prefix).',
		'Accept, reject or relabel pairs by hand, with provenance (search, nodes, Q-values, who, when).'
	]}/>;
}
