import {PairView, type PairFilters} from '../../../src-main/contract/curation';

/** A view without its order: what bulk actions, exports and agreement samples select by. */
export function viewFilters(view: PairView): PairFilters {
	const {sort: _sort, direction: _direction, ...filters} = view;
	return filters;
}

export const emptyView: PairView = {sort: 'id', direction: 'asc'};

/** The view as the queue's address holds it (`#/pairs?status=pending&sort=margin`): what differs from the empty view. */
export function viewParams(view: PairView): URLSearchParams {
	const params = new URLSearchParams();
	// In the schema's order, so one view has one address.
	for (const key of Object.keys(PairView.shape) as (keyof PairView)[])
		if (view[key] !== undefined && view[key] !== emptyView[key])
			params.set(key, String(view[key]));
	return params;
}

/** The view an address holds; a value the contract's schema refuses is left out, a key it does not know ignored. */
export function viewFromParams(params: URLSearchParams): PairView {
	const view: Record<string, unknown> = {...emptyView};
	for (const [key, text] of params) {
		const field = PairView.shape[key as keyof typeof PairView.shape];
		if (!field)
			continue;
		// The address holds text: each field takes it as the kind its schema wants.
		const value = [text, Number(text), text === 'true' ? true : text === 'false' ? false : undefined].find(candidate => candidate !== undefined && field.safeParse(candidate).success);
		if (value !== undefined)
			view[key] = value;
	}
	return view as PairView;
}
