import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {App} from '../../../src-main/app.js';
import {dispatch} from '../../../src-main/transport/dispatch.js';
import {useTempDir} from '../../support/tempDir.js';

// The search and pair methods as every transport reaches them (validation, then the services), on a real workspace.
describe('search and pair methods (dispatch)', () => {
	const tempDir = useTempDir();
	let app: App;
	const call = (method: string, params: unknown) => dispatch(app.handlers, method, params);

	beforeEach(async () => {
		app = await App.open({workspacePath: path.join(tempDir(), 'w.db'), host: 'browser', seedBuiltins: false});
	});
	afterEach(() => app.close());

	it('refuses a start without exactly one of problem and question, naming why', async () => {
		for (const params of [{}, {problemId: 1, question: 'What is 2 + 2?'}, {question: '   '}])
			expect(await call('search.start', params)).toMatchObject({ok: false, error: {code: 'invalid-params'}});
		expect(await call('search.start', {problemId: 1, question: 'q'})).toMatchObject({error: {message: expect.stringMatching(/give either problemId or question/)}});
		expect(await call('search.start', {question: 'q', settings: {rollouts: 0}})).toMatchObject({ok: false, error: {code: 'invalid-params'}});
	});

	it('names what is missing: a problem, a model file, a search', async () => {
		expect(await call('search.start', {problemId: 12345})).toMatchObject({ok: false, error: {code: 'not-found', message: 'no problem with id 12345'}});
		expect(await call('search.start', {question: 'q', policyPath: '/nowhere/model.gguf'}))
			.toMatchObject({ok: false, error: {code: 'not-found', message: expect.stringMatching(/no policy model at \/nowhere\/model.gguf/)}});
		for (const method of ['search.get', 'search.events'])
			expect(await call(method, {searchId: 99})).toMatchObject({ok: false, error: {code: 'not-found', message: 'no search 99 in this workspace'}});
		expect(await call('search.stop', {searchId: 99})).toEqual({ok: true, result: {stopped: false}});
		expect(await call('search.list', {})).toEqual({ok: true, result: []});
		expect(await call('pair.create', {searchId: 99, chosenId: 1, rejectedId: 1, author: 'ada'})).toMatchObject({ok: false, error: {code: 'invalid-params'}});
		expect(await call('pair.create', {searchId: 99, chosenId: 1, rejectedId: 2, author: 'ada'})).toMatchObject({ok: false, error: {code: 'not-found'}});
	});
});
