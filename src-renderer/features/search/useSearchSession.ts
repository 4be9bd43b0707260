import {useEffect, useMemo, useRef, useState} from 'react';
import type {ApiEventPayload} from '../../../src-main/contract/api';
import type {SearchEvent, SearchSummary, StoredNode} from '../../../src-main/contract/search';
import {useApi, useApiEvents} from '../../api/ApiContext';
import {TreeReplay} from '../../lib/TreeReplay';

/** Live events are folded into the view at most this often, so a fast search does not re-render per event. */
const liveRefreshMs = 150;

export interface SearchSession {
	search: SearchSummary | null;
	replay: TreeReplay | null;
	error: string | null;
}

/**
 * One search, open in the viewer: its stored nodes and event log, then, while it runs, every event pushed live with
 * the nodes it names. When it ends, the stored search is read again (it is the source of truth). A new TreeReplay is
 * built whenever the data changes; the caller seeks it.
 */
export function useSearchSession(searchId: number | null): SearchSession {
	const api = useApi();
	const [search, setSearch] = useState<SearchSummary | null>(null);
	const [error, setError] = useState<string | null>(null);
	const [version, setVersion] = useState(0);
	const data = useRef<{nodes: StoredNode[]; events: SearchEvent[]; loaded: boolean; pending: ApiEventPayload<'search.evented'>[]; gap?: boolean}>({
		nodes: [], events: [], loaded: false, pending: []
	});
	const refresh = useRef<ReturnType<typeof setTimeout> | null>(null);
	const [reloadKey, setReloadKey] = useState(0);

	useEffect(() => {
		setSearch(null);
		setError(null);
		data.current = {nodes: [], events: [], loaded: false, pending: []};
		setVersion(v => v + 1);
	}, [searchId]);

	useEffect(() => {
		if (searchId === null)
			return;
		let current = true;
		// The log first, then the nodes: nodes committed in between are a harmless superset; the other order could
		// replay events that name nodes not yet read.
		api.call('search.events', {searchId}).then(async events => [await api.call('search.get', {searchId}), events] as const).then(([stored, events]) => {
			if (!current)
				return;
			const pending = data.current.pending;
			data.current = {nodes: stored.nodes, events, loaded: true, pending: []};
			for (const payload of pending)
				fold(payload);
			setSearch(stored.search);
			setVersion(v => v + 1);
		}, (failure: Error) => current && setError(failure.message));
		return () => {
			current = false;
		};
	}, [api, searchId, reloadKey]);

	/**
	 * Appends one live event (and its node snapshots) if it is the next one of the log. Events pushed before this
	 * view listened and not yet committed when it read the log leave a gap: the log is read again after the next
	 * committed rollout.
	 */
	const fold = (payload: ApiEventPayload<'search.evented'>): void => {
		const {nodes, events} = data.current;
		if (payload.seq > events.length)
			data.current.gap = true;
		if (payload.seq !== events.length)
			return;
		for (const node of payload.nodes)
			nodes[node.id] = node;
		events.push(payload.event);
	};

	useApiEvents(message => {
		if (searchId === null)
			return;
		if (message.event === 'search.evented' && message.payload.searchId === searchId) {
			if (!data.current.loaded) {
				data.current.pending.push(message.payload);
				return;
			}
			fold(message.payload);
			refresh.current ??= setTimeout(() => {
				refresh.current = null;
				data.current = {...data.current, nodes: [...data.current.nodes], events: [...data.current.events]};
				setVersion(v => v + 1);
			}, liveRefreshMs);
		}
		if (message.event === 'search.progressed' && message.payload.searchId === searchId) {
			// A search that progresses runs: one opened while queued left the queue.
			setSearch(previous => previous && {...previous, status: 'running', completedRollouts: message.payload.completedRollouts});
			if (data.current.gap)
				setReloadKey(key => key + 1);
		}
		if (message.event === 'search.finished' && message.payload.search.id === searchId)
			setReloadKey(key => key + 1);
	});
	useEffect(() => () => {
		if (refresh.current)
			clearTimeout(refresh.current);
	}, []);

	const replay = useMemo(() => {
		const {nodes, events, loaded} = data.current;
		return loaded && search && nodes.length > 0 ? new TreeReplay(nodes, events) : null;
		// `version` stands for the data held in the ref.
	}, [version, search?.id]);

	return {search, replay, error};
}
