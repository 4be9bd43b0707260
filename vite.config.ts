import react from '@vitejs/plugin-react';
import {defineConfig} from 'vite';

/** The renderer: a plain React app, built to dist/renderer and served by `app://` (Electron) or `rstar serve`. */
export default defineConfig({
	root: 'src-renderer',
	base: './',
	plugins: [react()],
	build: {
		outDir: '../dist/renderer',
		emptyOutDir: true,
		// Fonts and images stay files: the CSP forbids nothing here, but inlined data URLs bloat the JS.
		assetsInlineLimit: 0,
		chunkSizeWarningLimit: 2000
	}
});
