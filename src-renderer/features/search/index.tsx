import {NotBuiltPage} from '../../components/NotBuiltPage';

export function SearchPage() {
	return <NotBuiltPage title="Search" planned={[
		'Pick a problem and the policy and PPM models, set MCTS or beam-search settings, run and stop a search.',
		'Watch the trajectory tree grow live (cytoscape), open a node\'s step, code and output.',
		'Step-through replay of the persisted search events.'
	]}/>;
}
