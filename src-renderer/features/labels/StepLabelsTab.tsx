import {useEffect, useState} from 'react';
import {useSettings} from '../../api/useSettings';
import {LabelledTrajectories} from './LabelledTrajectories';
import {NameForm} from '../../components/NameForm';
import {TrajectoryLabeller} from './TrajectoryLabeller';

/** The trajectory named by the route `#/pairs?tab=labels&search=N&leaf=M`, or null for the list. */
function trajectoryFromHash(): {searchId: number; leafId: number} | null {
	const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
	const searchId = Number(params.get('search'));
	const leafId = Number(params.get('leaf'));
	return params.has('search') && params.has('leaf') && Number.isInteger(searchId) && Number.isInteger(leafId) ? {searchId, leafId} : null;
}

/**
 * The Pairs page's "Step labels" tab: the trajectory the route names, labelled by the user (their name from the
 * settings), or the list of labelled trajectories and their export.
 */
export function StepLabelsTab() {
	const {settings, error} = useSettings();
	const [trajectory, setTrajectory] = useState(trajectoryFromHash);
	useEffect(() => {
		const onHashChange = () => setTrajectory(trajectoryFromHash());
		window.addEventListener('hashchange', onHashChange);
		return () => window.removeEventListener('hashchange', onHashChange);
	}, []);

	if (!trajectory)
		return <LabelledTrajectories/>;
	if (error)
		return <p className="error" role="alert">{error}</p>;
	if (!settings)
		return <p className="muted">loading…</p>;
	if (settings.userName === '')
		return <NameForm why="step labels are kept per labeller"/>;
	return <TrajectoryLabeller key={`${trajectory.searchId}/${trajectory.leafId}/${settings.userName}`} {...trajectory} labeller={settings.userName}/>;
}
