import type {PairFilters, PairView} from '../../../src-main/contract/curation';

/** A view without its order: what bulk actions, exports and agreement samples select by. */
export function viewFilters(view: PairView): PairFilters {
	const {sort: _sort, direction: _direction, ...filters} = view;
	return filters;
}

export const emptyView: PairView = {sort: 'id', direction: 'asc'};
