import {NotBuiltPage} from '../../components/NotBuiltPage';

export function EvaluationPage() {
	return <NotBuiltPage title="Evaluation" planned={[
		'Accuracy of each round\'s policy (and policy + PPM) on the benchmark datasets, per level.',
		'Charts across rounds and answer-selection rules (best PPM, majority vote, PPM-weighted vote).'
	]}/>;
}
