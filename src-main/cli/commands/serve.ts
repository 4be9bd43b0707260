import fs from 'node:fs';
import path from 'node:path';
import {z} from 'zod';
import {RstarError} from '../../contract/errors.js';
import {rendererDir} from '../../paths.js';
import {startHttpServer} from '../../transport/HttpServer.js';
import {intArg, parseCommandArgs, type CliCommand} from '../CliCommand.js';
import {dbArg, dbOption, openCliApp} from '../workspaceArg.js';

const Args = z.object({
	positionals: z.tuple([], {error: 'serve takes no positional arguments'}),
	port: intArg(0, 65535).default(0),
	'searches-per-model': intArg(1, 64).optional(),
	db: dbArg
});

export const serve: CliCommand = {
	name: 'serve',
	summary: 'serve the workbench to a browser on 127.0.0.1 (browser mode); the first line printed is the URL to open',
	usage: 'rstar serve [--port N] [--searches-per-model N] [--db PATH]',
	async run(argv) {
		const args = parseCommandArgs(argv, {port: {type: 'string'}, 'searches-per-model': {type: 'string'}, ...dbOption}, Args);
		const staticDir = rendererDir();
		if (!fs.existsSync(path.join(staticDir, 'index.html')))
			throw new RstarError('not-found', `the UI is not built (${staticDir} has no index.html) — run \`npm run build\``);

		const app = await openCliApp(args.db, {searchesPerModel: args['searches-per-model']});
		const server = await startHttpServer({handlers: app.handlers, events: app.events, staticDir, port: args.port});
		process.stdout.write(`${server.url}\n`);
		process.stderr.write(`rstar serve: workspace ${app.workspace.path}; open the URL above (it carries the access token). Ctrl+C stops.\n`);
		app.events.subscribe(message => {
			if (message.event === 'log.written')
				process.stderr.write(`[${message.payload.level}] ${message.payload.message}\n`);
		});

		await new Promise<void>(resolve => {
			process.once('SIGINT', resolve);
			process.once('SIGTERM', resolve);
		});
		await server.close();
		await app.close();
		return 0;
	}
};
