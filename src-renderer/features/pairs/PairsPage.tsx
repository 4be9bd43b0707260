import {useEffect, useState, type ComponentType, type ReactNode} from 'react';
import type {PairView} from '../../../src-main/contract/curation';
import {useSettings} from '../../api/useSettings';
import {AgreementTab} from './AgreementTab';
import {PairFocus, type BlindRun} from './PairFocus';
import {PairQueue} from './PairQueue';
import {viewFromParams, viewParams} from './viewFilters';

/** What a tab is given: the queue's view (kept across tabs and the focus view) and the labeller. */
interface TabContext {
	view: PairView;
	setView(view: PairView): void;
	labeller: string;
}

/** A tab another feature gives the page (step labels, guidelines): the app shell passes it in, as no feature imports another. */
export interface PairsTab {
	id: string;
	label: string;
	page: ComponentType;
}

/** The page's own tabs; the shell's come after them. */
const ownTabs: readonly {id: string; label: string; render(context: TabContext): ReactNode}[] = [
	{id: 'queue', label: 'Queue', render: ({view, setView, labeller}) => <PairQueue view={view} onViewChange={setView} labeller={labeller} onOpen={openPair}/>},
	{id: 'agreement', label: 'Agreement', render: ({view, labeller}) => <AgreementTab view={view} labeller={labeller} onLabelBlind={openPair}/>}
];

/** `#/pairs?pair=N` opens the focus view on pair N; with `&sample=S&labeller=L`, blind as item of sample S for L. */
function openPair(pairId: number, blind?: BlindRun): void {
	const params = new URLSearchParams({pair: String(pairId)});
	if (blind) {
		params.set('sample', String(blind.sampleId));
		params.set('labeller', blind.labeller);
	}
	location.hash = `#/pairs?${params.toString()}`;
}

function queueAddress(view: PairView): string {
	const params = viewParams(view).toString();
	return params ? `#/pairs?${params}` : '#/pairs';
}

interface Route {
	tab: string;
	pairId: number | null;
	blind: BlindRun | null;
}

function routeFromHash(): Route {
	const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
	const pairId = Number(params.get('pair'));
	const sampleId = Number(params.get('sample'));
	const labeller = params.get('labeller');
	return {
		tab: params.get('tab') ?? 'queue',
		pairId: Number.isInteger(pairId) && pairId > 0 ? pairId : null,
		blind: Number.isInteger(sampleId) && sampleId > 0 && labeller ? {sampleId, labeller} : null
	};
}

/**
 * Pairs: the curation queue of step-level preference pairs and its focus view, where one pair at a time is judged by
 * keys, and agreement samples. The queue's view lives here, so the focus view's auto-advance follows it.
 */
export function PairsPage({moreTabs = []}: {moreTabs?: readonly PairsTab[]}) {
	const {settings} = useSettings();
	const [route, setRoute] = useState(routeFromHash);
	// The queue's view is in its address (`#/pairs?roundId=3&status=pending&sort=margin`): a reload, a link from the
	// Rounds page's curate stage, or one sent to a colleague opens the same view.
	const [view, setViewState] = useState<PairView>(() => viewFromParams(new URLSearchParams(location.hash.split('?')[1] ?? '')));
	const setView = (next: PairView) => {
		setViewState(next);
		history.replaceState(null, '', queueAddress(next));
	};
	useEffect(() => {
		const onHashChange = () => setRoute(routeFromHash());
		window.addEventListener('hashchange', onHashChange);
		return () => window.removeEventListener('hashchange', onHashChange);
	}, []);
	const labeller = route.blind?.labeller ?? settings?.userName ?? '';


	if (route.pairId !== null)
		return (
			<div className="pairs-page">
				<PairFocus key={route.blind ? `blind${route.blind.sampleId}` : 'queue'} pairId={route.pairId} view={view} labeller={labeller} blind={route.blind}
					onOpen={next => openPair(next, route.blind ?? undefined)}
					onBack={() => {
						location.hash = route.blind ? '#/pairs?tab=agreement' : queueAddress(view);
					}}/>
			</div>
		);
	const tabs = [...ownTabs, ...moreTabs.map(({id, label, page: Page}) => ({id, label, render: () => <Page/>}))];
	const tab = tabs.find(one => one.id === route.tab) ?? tabs[0]!;
	return (
		<div className="pairs-page">
			<div className="tabs pairs-tabs" role="tablist" aria-label="Pairs">
				{tabs.map(one => (
					<button key={one.id} type="button" role="tab" aria-selected={one.id === tab.id} onClick={() => {
						location.hash = `#/pairs?tab=${one.id}`;
					}}>{one.label}</button>
				))}
			</div>
			{tab.render({view, setView, labeller})}
		</div>
	);
}
