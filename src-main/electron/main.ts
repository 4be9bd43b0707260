import path from 'node:path';
import {parseArgs} from 'node:util';
import {app, BrowserWindow, dialog} from 'electron';
import {App} from '../app.js';
import {rendererDir, resourcesDir} from '../paths.js';
import {startupWorkspacePath} from '../startupWorkspace.js';
import {appOrigin} from './appOrigin.js';
import {handleAppProtocol, registerAppScheme} from './appProtocol.js';
import {bindIpc} from './bindIpc.js';
import {hardenSessions} from './hardenSessions.js';

// `--db PATH` opens another workspace, as with the CLI; unknown switches (Chromium's own) are ignored.
const {values: args} = parseArgs({args: process.argv.slice(1), options: {db: {type: 'string'}}, strict: false, allowPositionals: true});

registerAppScheme();
app.enableSandbox();

async function start(): Promise<void> {
	hardenSessions();
	handleAppProtocol(rendererDir());

	const workbench = await App.open({
		workspacePath: typeof args.db === 'string' ? args.db : startupWorkspacePath(app.getPath('userData')),
		host: 'electron',
		userDataDir: app.getPath('userData'),
		resourcesDir: app.isPackaged ? path.join(process.resourcesPath, 'resources') : resourcesDir(),
		sqliteBinding: process.env.RSTAR_SQLITE_BINDING
	});

	const window = new BrowserWindow({
		width: 1400,
		height: 900,
		title: 'rStar Workbench',
		show: false,
		webPreferences: {
			preload: path.join(import.meta.dirname, 'preload.cjs'),
			contextIsolation: true,
			sandbox: true,
			nodeIntegration: false,
			nodeIntegrationInWorker: false,
			webviewTag: false,
			webSecurity: true,
			allowRunningInsecureContent: false,
			spellcheck: false
		}
	});
	const unbind = bindIpc(workbench, window);
	window.once('ready-to-show', () => window.show());
	window.on('closed', () => {
		unbind();
		void workbench.close();
	});
	await window.loadURL(`${appOrigin}/index.html`);
}

app.on('window-all-closed', () => app.quit());
app.whenReady().then(start).catch(error => {
	dialog.showErrorBox('rStar Workbench could not start', (error as Error).message);
	app.exit(1);
});
