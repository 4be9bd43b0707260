import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import type {Duplex} from 'node:stream';
import {WebSocketServer, type WebSocket} from 'ws';
import {ApiRequest} from '../contract/api.js';
import {maxUploadBytes} from '../contract/datasets.js';
import type {ApiHandlers} from '../services/ApiHandlers.js';
import type {EventBus} from '../services/EventBus.js';
import {contentSecurityPolicy} from './contentSecurityPolicy.js';
import {dispatch} from './dispatch.js';
import {resolveStaticFile} from './staticFiles.js';

export interface HttpServerOptions {
	handlers: ApiHandlers;
	events: EventBus;
	/** The built renderer to serve. */
	staticDir: string;
	/** 0 picks a free port. Defaults to `0`. */
	port?: number;
	/** Defaults to a fresh random token. */
	token?: string;
}

export interface RunningHttpServer {
	/** The address bound: always 127.0.0.1. */
	address: string;
	port: number;
	token: string;
	/** The path everything is served under, `/<random>/`: the cookie's Path, so no other port's service receives it. */
	basePath: string;
	/** The name of the token cookie: `rstar_token_<port>`, so two servers on one host do not overwrite each other's. */
	cookieName: string;
	/** The URL to open: it carries the token, which the first load trades for a cookie. */
	url: string;
	close(): Promise<void>;
}

export const tokenHeader = 'x-rstar-token';
/** Base64 of the largest upload, plus room for the JSON around it. */
export const maxBodyBytes = Math.ceil(maxUploadBytes / 3) * 4 + 64 * 1024;

/**
 * `rstar serve`: the contract over loopback HTTP, events over a WebSocket, and the renderer's files.
 * Bound to 127.0.0.1 only. Every request must carry the token (URL on first load, then the cookie, or a header);
 * the Host header must name this server (no DNS rebinding), and a browser Origin must be this server's (no
 * cross-site calls or WebSockets).
 *
 * Cookies ignore ports: one set for 127.0.0.1 goes to every service on 127.0.0.1. So the cookie is scoped by its Path
 * to a random base path this server serves everything under (a service on another port is never asked for that
 * path, and cannot guess it), and named after the port (a second server sets a cookie of its own instead of
 * overwriting the first one's).
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
	const token = options.token ?? crypto.randomBytes(32).toString('base64url');
	const basePath = `/${crypto.randomBytes(16).toString('base64url')}/`;
	const staticDir = fs.realpathSync(options.staticDir);
	const server = http.createServer();
	const sockets = new WebSocketServer({noServer: true, maxPayload: 1024 * 1024});
	let port = 0;
	const cookieName = () => `rstar_token_${port}`;
	const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
	const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
	const csp = () => contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);

	/** 'ok', or the status to refuse with. */
	const authorise = (request: http.IncomingMessage, url: URL): 'ok' | 401 | 403 => {
		if (!allowedHosts().has(request.headers.host ?? ''))
			return 403;
		const origin = request.headers.origin;
		if (origin !== undefined && !allowedOrigins().has(origin))
			return 403;
		const presented = url.searchParams.get('token') ?? readHeaderToken(request) ?? readCookie(request, cookieName());
		if (presented === null || presented === undefined)
			return 401;
		return safeEqual(presented, token) ? 'ok' : 403;
	};

	server.on('request', (request, response) => {
		void handleRequest(request, response).catch(error => {
			if (!response.headersSent)
				sendJson(response, 500, {ok: false, error: {code: 'internal', message: (error as Error).message}});
			else
				response.destroy();
		});
	});

	async function handleRequest(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		response.setHeader('X-Content-Type-Options', 'nosniff');
		response.setHeader('Referrer-Policy', 'no-referrer');
		response.setHeader('X-Frame-Options', 'DENY');
		response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');

		const verdict = authorise(request, url);
		if (verdict !== 'ok') {
			sendJson(response, verdict, {ok: false, error: {
				code: 'unauthorised',
				message: verdict === 401 ? 'missing access token: open the URL that `rstar serve` printed' : 'forbidden: wrong token, host or origin'
			}});
			return;
		}

		// The first load trades the token in the URL for a cookie, and drops it from the address bar. The redirect goes
		// to a path under the base path, whatever was asked: a Location built from the request's own path could
		// leave this server (`/.//evil.com` is the path `//evil.com`, which a browser reads as another host).
		if (url.searchParams.has('token')) {
			url.searchParams.delete('token');
			response.setHeader('Set-Cookie', `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=${basePath}`);
			const inside = url.pathname.startsWith(basePath) ? url.pathname : basePath;
			response.writeHead(303, {Location: inside + url.search}).end();
			return;
		}

		const route = url.pathname.startsWith(basePath) ? `/${url.pathname.slice(basePath.length)}` : null;
		if (route === null) {
			response.writeHead(404, {'Content-Type': 'text/plain; charset=utf-8'}).end('not found: open the URL that `rstar serve` printed');
			return;
		}

		if (route === '/api/call') {
			if (request.method !== 'POST') {
				sendJson(response, 405, {ok: false, error: {code: 'invalid-params', message: 'POST a JSON {method, params} to /api/call'}});
				return;
			}
			if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
				sendJson(response, 415, {ok: false, error: {code: 'invalid-params', message: 'send Content-Type: application/json'}});
				return;
			}
			if (Number(request.headers['content-length'] ?? 0) > maxBodyBytes) {
				response.setHeader('Connection', 'close');
				sendJson(response, 413, {ok: false, error: {code: 'dataset.too-large', message: 'request body over the 64 MiB upload limit'}});
				return;
			}
			let body;
			try {
				body = await readBody(request, maxBodyBytes);
			} catch (error) {
				if (!(error instanceof BodyTooLargeError))
					throw error;
				sendJson(response, 413, {ok: false, error: {code: 'dataset.too-large', message: error.message}});
				discardThenClose(request);
				return;
			}
			let envelope;
			try {
				envelope = ApiRequest.parse(JSON.parse(body.toString('utf8')));
			} catch {
				sendJson(response, 400, {ok: false, error: {code: 'invalid-params', message: 'the body must be JSON {method: string, params: object}'}});
				return;
			}
			const result = await dispatch(options.handlers, envelope.method, envelope.params);
			sendJson(response, result.ok ? 200 : statusFor(result.error.code), result);
			return;
		}

		if (request.method !== 'GET' && request.method !== 'HEAD') {
			response.writeHead(405).end();
			return;
		}
		const file = resolveStaticFile(staticDir, route);
		if (!file) {
			response.writeHead(404, {'Content-Type': 'text/plain; charset=utf-8'}).end('not found');
			return;
		}
		response.writeHead(200, {
			'Content-Type': file.contentType,
			'Content-Security-Policy': csp(),
			'Cache-Control': 'no-cache'
		});
		if (request.method === 'HEAD')
			response.end();
		else
			fs.createReadStream(file.filePath).pipe(response);
	}

	server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const verdict = url.pathname === `${basePath}api/events` ? authorise(request, url) : 404;
		if (verdict !== 'ok') {
			socket.end(`HTTP/1.1 ${verdict} ${http.STATUS_CODES[verdict]}\r\nConnection: close\r\n\r\n`);
			return;
		}
		sockets.handleUpgrade(request, socket, head, client => attachEvents(client));
	});

	function attachEvents(client: WebSocket): void {
		const unsubscribe = options.events.subscribe(message => {
			if (client.readyState === client.OPEN)
				client.send(JSON.stringify(message));
		});
		client.on('close', unsubscribe);
		client.on('error', unsubscribe);
		// Events flow one way; anything a client sends is ignored.
		client.on('message', () => undefined);
	}

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const bound = server.address() as AddressInfo;
	port = bound.port;

	return {
		address: bound.address,
		port,
		token,
		basePath,
		cookieName: cookieName(),
		url: `http://127.0.0.1:${port}${basePath}?token=${token}`,
		close: async () => {
			for (const client of sockets.clients)
				client.terminate();
			sockets.close();
			server.closeAllConnections();
			await new Promise<void>(resolve => server.close(() => resolve()));
		}
	};
}

function statusFor(code: string): number {
	switch (code) {
		case 'invalid-params':
		case 'dataset.malformed':
		case 'dataset.invalid-rows':
			return 400;
		case 'unknown-method':
		case 'not-found':
			return 404;
		case 'dataset.already-imported':
		case 'dataset.name-taken':
		case 'search.busy':
		case 'round.busy':
		case 'pair.duplicate':
		case 'dataset.builtin':
		case 'dataset.busy':
		case 'model.builtin':
			return 409;
		case 'dataset.too-large':
			return 413;
		default:
			return 500;
	}
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, {'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store'});
	response.end(JSON.stringify(body));
}

function readHeaderToken(request: http.IncomingMessage): string | undefined {
	const header = request.headers[tokenHeader];
	if (typeof header === 'string')
		return header;
	const authorization = request.headers.authorization;
	return authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
}

function readCookie(request: http.IncomingMessage, name: string): string | undefined {
	for (const part of (request.headers.cookie ?? '').split(';')) {
		const [key, ...value] = part.trim().split('=');
		if (key === name)
			return value.join('=');
	}
	return undefined;
}

function safeEqual(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && crypto.timingSafeEqual(left, right);
}

class BodyTooLargeError extends Error {}

/**
 * The body, or a BodyTooLargeError as soon as it grows past `limit` (a chunked body announces no length, so the
 * Content-Length check cannot refuse it up front). Nothing past the limit is kept: the caller answers 413 and
 * `discardThenClose`s the rest.
 */
function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				request.off('data', onData);
				chunks.length = 0;
				reject(new BodyTooLargeError(`request body over the ${Math.round(maxUploadBytes / 1024 / 1024)} MiB upload limit`));
				return;
			}
			chunks.push(chunk);
		};
		request.on('data', onData);
		request.once('end', () => resolve(Buffer.concat(chunks)));
		request.once('error', reject);
		// A client that goes away mid-body ends neither in 'end' nor always in 'error': without this the call would wait forever.
		request.once('close', () => reject(new Error('the client closed the connection before the body ended')));
	});
}

/** How long, and how much more, a refused body is read and dropped before its connection is cut. */
const discardMs = 2000;
const discardBytes = 16 * 1024 * 1024;

/**
 * Reads and drops what a client still sends after its body was refused, for a moment, then cuts the connection.
 * Cutting it at once would make the kernel answer the bytes still in flight with a reset, and a client busy sending
 * (Node's own) then loses the 413 it was sent; reading on forever would let a client keep a connection busy.
 */
function discardThenClose(request: http.IncomingMessage): void {
	let discarded = 0;
	const close = () => request.socket.destroy();
	const timer = setTimeout(close, discardMs).unref();
	request.on('data', (chunk: Buffer) => {
		discarded += chunk.length;
		if (discarded > discardBytes)
			close();
	});
	request.once('close', () => clearTimeout(timer));
	request.resume();
}
