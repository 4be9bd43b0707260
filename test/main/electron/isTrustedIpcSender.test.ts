import {describe, expect, it} from 'vitest';
import {isTrustedIpcSender} from '../../../src-main/electron/isTrustedIpcSender.js';
import {contentSecurityPolicy} from '../../../src-main/transport/contentSecurityPolicy.js';

describe('isTrustedIpcSender', () => {
	const ours = {fromOurWindow: true, isMainFrame: true, frameUrl: 'app://rstar/index.html'};

	it('serves our window\'s top frame on our origin', () => {
		expect(isTrustedIpcSender(ours)).toBe(true);
	});

	it.each([
		['another webContents', {...ours, fromOurWindow: false}],
		['a sub-frame', {...ours, isMainFrame: false}],
		['a navigated-away page', {...ours, frameUrl: 'https://evil.example/'}],
		['a file page', {...ours, frameUrl: 'file:///etc/passwd'}],
		['a look-alike host', {...ours, frameUrl: 'app://rstar.evil/index.html'}],
		['no URL', {...ours, frameUrl: ''}]
	])('refuses %s', (_name, sender) => {
		expect(isTrustedIpcSender(sender)).toBe(false);
	});
});

describe('contentSecurityPolicy', () => {
	it('allows scripts from the app only, never eval or inline scripts, and no framing', () => {
		const csp = contentSecurityPolicy(['ws://127.0.0.1:1234']);
		expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
		expect(csp).not.toMatch(/unsafe-eval|wasm-unsafe-eval/);
		expect(csp).toMatch(/object-src 'none'/);
		expect(csp).toMatch(/frame-ancestors 'none'/);
		expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:1234/);
	});
});
