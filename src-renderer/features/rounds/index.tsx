import {NotBuiltPage} from '../../components/NotBuiltPage';

export function RoundsPage() {
	return <NotBuiltPage title="Rounds" planned={[
		'Self-evolution rounds: MCTS over a problem pool with policy k−1 (and PPM k−1).',
		'SFT data (top-2 correct trajectories per problem) and PPM preference pairs extracted per round.',
		'Training of policy k and PPM k, then evaluation, with progress and logs.'
	]}/>;
}
