import fs from 'node:fs';
import path from 'node:path';

const contentTypes: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.woff': 'font/woff',
	'.woff2': 'font/woff2',
	'.ttf': 'font/ttf',
	'.wasm': 'application/wasm',
	'.map': 'application/json; charset=utf-8'
};

export interface StaticFile {
	filePath: string;
	contentType: string;
}

/**
 * Maps a URL path onto a file inside `root` (the built renderer), or null. `/` is `index.html`; anything that would
 * leave `root` after decoding and normalising is refused, as is anything not a regular file.
 */
export function resolveStaticFile(root: string, urlPath: string): StaticFile | null {
	let decoded: string;
	try {
		decoded = decodeURIComponent(urlPath);
	} catch {
		return null;
	}
	if (decoded.includes('\0'))
		return null;

	const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
	const filePath = path.resolve(root, relative);
	if (filePath !== root && !filePath.startsWith(root + path.sep))
		return null;
	try {
		if (!fs.statSync(filePath).isFile())
			return null;
	} catch {
		return null;
	}
	return {filePath, contentType: contentTypes[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream'};
}
