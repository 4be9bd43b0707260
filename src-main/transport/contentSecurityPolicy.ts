/**
 * The renderer's CSP, the same in the Electron window and in browser mode: scripts only from the app itself and no
 * eval; styles allow inline attributes because KaTeX sets inline styles on the math it builds; nothing may be
 * framed, posted or fetched from elsewhere.
 */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
	return [
		"default-src 'self'",
		"script-src 'self'",
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data: blob:",
		"font-src 'self' data:",
		`connect-src 'self'${connectSources.map(source => ` ${source}`).join('')}`,
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'none'",
		"frame-src 'none'",
		"worker-src 'self' blob:"
	].join('; ');
}
