import {useEffect, useState, type ComponentType} from 'react';
import {DatasetsPage} from './features/datasets';
import {EvaluationPage} from './features/evaluation';
import {ModelsPage} from './features/models';
import {GuidelinesPanel, StepLabelsTab} from './features/labels';
import {PairsPage, type PairsTab} from './features/pairs';
import {RoundsPage} from './features/rounds';
import {SearchPage} from './features/search';
import {SettingsPage} from './features/settings';
import {LogPanel} from './components/LogPanel';

/** The Pairs page's tabs that other features build. */
const pairsTabs: readonly PairsTab[] = [
	{id: 'labels', label: 'Step labels', page: StepLabelsTab},
	{id: 'guidelines', label: 'Guidelines', page: GuidelinesPanel}
];

const pages: readonly {id: string; label: string; page: ComponentType}[] = [
	{id: 'datasets', label: 'Datasets', page: DatasetsPage},
	{id: 'search', label: 'Search', page: SearchPage},
	{id: 'rounds', label: 'Rounds', page: RoundsPage},
	{id: 'pairs', label: 'Pairs', page: () => <PairsPage moreTabs={pairsTabs}/>},
	{id: 'evaluation', label: 'Evaluation', page: EvaluationPage},
	{id: 'models', label: 'Models', page: ModelsPage},
	{id: 'settings', label: 'Settings', page: SettingsPage}
];

/** The page of `#/<page>` (or `#/<page>?<params>`, which the page itself reads). */
function pageFromHash(): string {
	const id = location.hash.replace(/^#\/?/, '').split('?')[0]!;
	return pages.some(page => page.id === id) ? id : 'datasets';
}

/** The app's frame: navigation on the left, the current page, the log at the bottom. `#/<page>` is the route. */
export function AppShell() {
	const [current, setCurrent] = useState(pageFromHash);
	useEffect(() => {
		const onHashChange = () => setCurrent(pageFromHash());
		window.addEventListener('hashchange', onHashChange);
		return () => window.removeEventListener('hashchange', onHashChange);
	}, []);
	const Page = pages.find(page => page.id === current)!.page;

	return (
		<div className="shell">
			<nav className="nav" aria-label="Pages">
				<div className="brand">rStar <span>Workbench</span></div>
				{pages.map(page => (
					<a key={page.id} href={`#/${page.id}`} className={page.id === current ? 'nav-item active' : 'nav-item'}
						aria-current={page.id === current ? 'page' : undefined}>
						{page.label}
					</a>
				))}
			</nav>
			<main className="page">
				<Page/>
			</main>
			<LogPanel/>
		</div>
	);
}
