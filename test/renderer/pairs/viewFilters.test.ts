import {describe, expect, it} from 'vitest';
import {emptyView, viewFromParams, viewParams} from '../../../src-renderer/features/pairs/viewFilters.js';

describe('the queue view in the address', () => {
	it('writes only what differs from the empty view and reads it back as the contract types it', () => {
		const view = {...emptyView, roundId: 3, status: 'pending' as const, marginMin: 0.5, flagged: false, sort: 'margin' as const, direction: 'desc' as const};
		const params = viewParams(view);
		expect(params.toString()).toBe('roundId=3&status=pending&marginMin=0.5&flagged=false&sort=margin&direction=desc');
		expect(viewFromParams(params)).toEqual(view);
		expect(viewParams(emptyView).toString()).toBe('');
	});

	it('leaves out what the schema refuses and what it does not know', () => {
		expect(viewFromParams(new URLSearchParams('status=maybe&roundId=x&depthMin=2.5&tab=queue&pair=4&sort=margin'))).toEqual({...emptyView, sort: 'margin'});
	});
});
