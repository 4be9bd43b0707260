import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {App} from '../../../src-main/app.js';
import {maxBodyBytes, startHttpServer, type RunningHttpServer} from '../../../src-main/transport/HttpServer.js';
import {hostileNestedRows} from '../../support/hostileRows.js';
import {useTempDir, writeFile} from '../../support/tempDir.js';

interface Reply {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** A raw request, so tests control every header (fetch forbids setting Host and Origin). */
function request(port: number, options: {path?: string; method?: string; headers?: Record<string, string>; body?: string}): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = http.request({host: '127.0.0.1', port, path: options.path ?? '/', method: options.method ?? 'GET', headers: options.headers}, res => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', chunk => body += chunk);
			res.on('end', () => resolve({status: res.statusCode!, headers: res.headers, body}));
		});
		req.on('error', reject);
		req.end(options.body);
	});
}

describe('rstar serve (HttpServer)', () => {
	const tempDir = useTempDir();
	let app: App;
	let server: RunningHttpServer;
	let host: string;
	let auth: Record<string, string>;

	beforeEach(async () => {
		const dir = tempDir();
		const staticDir = path.join(dir, 'renderer');
		writeFile(dir, 'secret.txt', 'outside the renderer');
		fs.mkdirSync(staticDir);
		writeFile(staticDir, 'index.html', '<!doctype html><title>ui</title>');
		app = await App.open({workspacePath: path.join(dir, 'w.db'), host: 'browser', seedBuiltins: false});
		server = await startHttpServer({handlers: app.handlers, events: app.events, staticDir});
		host = `127.0.0.1:${server.port}`;
		auth = {Host: host, 'X-Rstar-Token': server.token};
	});
	afterEach(async () => {
		await server.close();
		await app.close();
	});

	const call = (method: string, params: unknown, headers: Record<string, string> = auth) => request(server.port, {
		path: `${server.basePath}api/call`, method: 'POST', headers: {...headers, 'Content-Type': 'application/json'}, body: JSON.stringify({method, params})
	});

	it('prints a loopback URL carrying a strong random token', () => {
		expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{22}\/\?token=[\w-]{43}$/);
	});

	it('refuses requests without the token (401) or with a wrong one (403)', async () => {
		expect((await request(server.port, {headers: {Host: host}})).status).toBe(401);
		expect((await call('dataset.list', {}, {Host: host})).status).toBe(401);
		expect((await request(server.port, {headers: {Host: host, 'X-Rstar-Token': 'x'.repeat(43)}})).status).toBe(403);
		expect((await request(server.port, {path: '/?token=wrong', headers: {Host: host}})).status).toBe(403);
		expect((await request(server.port, {path: server.basePath, headers: {Host: host, Cookie: `${server.cookieName}=wrong`}})).status).toBe(403);
		// A cookie of the old name, or of another port's server, is no token at all here.
		expect((await request(server.port, {path: server.basePath, headers: {Host: host, Cookie: `rstar_token=${server.token}; rstar_token_1=${server.token}`}})).status).toBe(401);
	});

	it('trades the URL token for an HttpOnly SameSite cookie named for its port, scoped to the base path, that then authorises', async () => {
		const first = await request(server.port, {path: `${server.basePath}?token=${server.token}`, headers: {Host: host}});
		expect(first.status).toBe(303);
		expect(first.headers.location).toBe(server.basePath);
		const cookie = first.headers['set-cookie']![0]!;
		expect(cookie.split('; ')).toEqual([`rstar_token_${server.port}=${server.token}`, 'HttpOnly', 'SameSite=Strict', `Path=${server.basePath}`]);
		const page = await request(server.port, {path: server.basePath, headers: {Host: host, Cookie: cookie.split(';')[0]!}});
		expect(page.status).toBe(200);
		expect(page.body).toContain('<title>ui</title>');
		expect(page.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
		expect(page.headers['content-security-policy']).not.toMatch(/unsafe-eval/);
	});

	it('refuses a foreign Host (DNS rebinding) and a foreign Origin (cross-site calls), even with the token', async () => {
		expect((await request(server.port, {path: server.basePath, headers: {...auth, Host: `evil.example:${server.port}`}})).status).toBe(403);
		expect((await call('dataset.list', {}, {...auth, Origin: 'http://evil.example'})).status).toBe(403);
		expect((await call('dataset.list', {}, {...auth, Origin: `http://localhost:${server.port}`})).status).toBe(200);
	});

	it('serves only files inside the renderer folder', async () => {
		expect((await request(server.port, {path: `${server.basePath}index.html`, headers: auth})).status).toBe(200);
		for (const escape of ['../secret.txt', '%2e%2e/secret.txt', '..%2fsecret.txt', '%00'])
			expect((await request(server.port, {path: server.basePath + escape, headers: auth})).status).toBe(404);
		// Outside the base path nothing is served, not even the UI.
		expect((await request(server.port, {path: '/index.html', headers: auth})).status).toBe(404);
	});

	it('validates every call against the contract', async () => {
		const ok = await call('dataset.list', {});
		expect(ok.status).toBe(200);
		expect(JSON.parse(ok.body)).toEqual({ok: true, result: []});

		const unknown = JSON.parse((await call('dataset.drop', {})).body) as {ok: boolean; error: {code: string}};
		expect(unknown.error.code).toBe('unknown-method');
		const bad = await call('problem.list', {limit: 100000, offset: -1});
		expect(bad.status).toBe(400);
		expect(JSON.parse(bad.body).error.code).toBe('invalid-params');
		const missing = await call('problem.get', {id: 424242});
		expect(missing.status).toBe(404);
		const notJson = await request(server.port, {path: `${server.basePath}api/call`, method: 'POST', headers: {...auth, 'Content-Type': 'text/plain'}, body: '{}'});
		expect(notJson.status).toBe(415);
	});

	it('imports an upload through the API and pushes events over an authorised WebSocket only', async () => {
		await expect(new Promise((resolve, reject) => {
			const socket = new WebSocket(`ws://127.0.0.1:${server.port}${server.basePath}api/events`, {headers: {'X-Rstar-Token': server.token, Origin: 'http://evil.example'}});
			socket.on('unexpected-response', (_req, res) => resolve(res.statusCode));
			socket.on('open', () => reject(new Error('cross-origin socket was accepted')));
		})).resolves.toBe(403);

		const socket = new WebSocket(`ws://127.0.0.1:${server.port}${server.basePath}api/events`, {headers: {'X-Rstar-Token': server.token, Origin: `http://${host}`}});
		const events: {event: string}[] = [];
		socket.on('message', data => events.push(JSON.parse(String(data)) as {event: string}));
		await new Promise(resolve => socket.on('open', resolve));

		const content = Buffer.from('{"question": "What is $1+1$?", "answer": "2"}\n').toString('base64');
		const reply = JSON.parse((await call('dataset.import', {name: 'upload', fileName: 'up.jsonl', contentBase64: content})).body);
		expect(reply).toMatchObject({ok: true, result: {imported: 1, dataset: {name: 'upload', format: 'jsonl'}}});
		await expect.poll(() => events.map(event => event.event)).toContain('dataset.imported');
		socket.close();

		const again = await call('dataset.import', {name: 'again', fileName: 'up.jsonl', contentBase64: content});
		expect(again.status).toBe(409);
	});

	it('imports an upload of rows that break a limit at any depth: a per-row error, never a stack; skipInvalid leaves them out', async () => {
		const contentBase64 = Buffer.from(hostileNestedRows()).toString('base64');
		const strict = await call('dataset.import', {name: 'nested', fileName: 'nested.jsonl', contentBase64});
		expect(strict.status).toBe(400);
		const refused = JSON.parse(strict.body) as {error: {code: string; message: string; details: {issues: {row: number; field: string}[]}}};
		expect(refused.error.code).toBe('dataset.invalid-rows');
		expect(refused.error.details.issues.map(issue => [issue.row, issue.field])).toEqual([[2, 'extra'], [3, 'meta'], [4, 'extra'], [5, 'meta']]);
		expect(refused.error.message).not.toMatch(/RangeError|call stack/);

		const skipping = JSON.parse((await call('dataset.import', {name: 'nested', fileName: 'nested.jsonl', contentBase64, skipInvalid: true})).body);
		expect(skipping).toMatchObject({ok: true, result: {imported: 2, skipped: 4}});
	});

	it('redirects the token trade only to paths of this server (no open redirect)', async () => {
		for (const attack of ['/.//evil.com', '//evil.com', '/%2F%2Fevil.com', '/./\\evil.com', `${server.basePath}..//evil.com`, '/']) {
			const reply = await request(server.port, {path: `${attack}?token=${server.token}&x=1`, headers: {Host: host}});
			expect(reply.status, attack).toBe(303);
			const target = new URL(reply.headers.location!, `http://${host}${attack}`);
			expect(target.origin, attack).toBe(`http://${host}`);
			expect(target.pathname.startsWith(server.basePath), attack).toBe(true);
			expect(target.search, attack).toBe('?x=1');
		}
		// Inside the base path the path asked for is kept.
		expect((await request(server.port, {path: `${server.basePath}index.html?token=${server.token}`, headers: {Host: host}})).headers.location).toBe(`${server.basePath}index.html`);
	});

	it('refuses a chunked body with 413 as soon as it passes the limit, and then cuts the connection', async () => {
		const chunk = Buffer.alloc(1024 * 1024, 'a');
		let sentBytes = 0;
		let answered = false;
		// No Content-Length: Node sends the body chunked, so only the bytes themselves can reveal its size.
		const req = http.request({host: '127.0.0.1', port: server.port, path: `${server.basePath}api/call`, method: 'POST', headers: {...auth, 'Content-Type': 'application/json'}});
		const closed = new Promise(resolve => req.on('close', resolve));
		const reply = new Promise<{status: number; body: string}>((resolve, reject) => {
			req.on('response', res => {
				answered = true;
				let body = '';
				res.on('data', data => body += String(data));
				res.on('end', () => resolve({status: res.statusCode!, body}));
			});
			req.on('error', error => answered || reject(error));
		});
		// The body never ends, and stops growing once answered: a server that waits for its end never answers, and one
		// that reads on forever never closes; either way the test times out.
		const send = () => {
			while (!answered && sentBytes < 4 * maxBodyBytes)
				if (sentBytes += chunk.length, !req.write(chunk))
					return void req.once('drain', send);
		};
		send();
		const {status, body} = await reply;
		expect(status).toBe(413);
		expect(JSON.parse(body)).toMatchObject({ok: false, error: {code: 'dataset.too-large'}});
		expect(sentBytes).toBeLessThan(4 * maxBodyBytes);
		await closed;
	});

	it('listens on the loopback address only', () => {
		expect(server.address).toBe('127.0.0.1');
	});
});
