import {RstarError} from '../contract/errors.js';
import {CliUsageError, type CliCommand} from './CliCommand.js';
import {checkCommand} from './commands/check.js';
import {curriculumExport} from './commands/curriculumExport.js';
import {curriculumTrainingData} from './commands/curriculumTrainingData.js';
import {datasetDelete} from './commands/datasetDelete.js';
import {datasetExport} from './commands/datasetExport.js';
import {datasetImport} from './commands/datasetImport.js';
import {datasetList} from './commands/datasetList.js';
import {datasetRename} from './commands/datasetRename.js';
import {evaluate} from './commands/evaluate.js';
import {exec} from './commands/exec.js';
import {modelsCommands} from './commands/models.js';
import {pairsCommands} from './commands/pairs.js';
import {roundCommands} from './commands/round.js';
import {searchExport} from './commands/searchExport.js';
import {serve} from './commands/serve.js';
import {settingsCommands} from './commands/settings.js';
import {solve} from './commands/solve.js';
import {trainPpm, trainSft} from './commands/train.js';

const commands: readonly CliCommand[] = [datasetImport, datasetList, datasetRename, datasetExport, datasetDelete, exec, checkCommand, solve, searchExport, evaluate, curriculumExport, curriculumTrainingData, trainSft, trainPpm, ...roundCommands, ...pairsCommands, ...modelsCommands, ...settingsCommands, serve];

function help(): string {
	return ['usage: rstar <command> [options]', '', 'commands:',
		...commands.map(command => `  ${command.usage}\n      ${command.summary}`)].join('\n');
}

/** The `rstar` CLI: finds the command named by the leading words, runs it, returns the exit code. */
export async function main(argv: string[]): Promise<number> {
	if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
		process.stdout.write(`${help()}\n`);
		return argv.length === 0 ? 2 : 0;
	}
	const command = commands.find(candidate => {
		const words = candidate.name.split(' ');
		return words.every((word, i) => argv[i] === word);
	});
	if (!command) {
		process.stderr.write(`rstar: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${help()}\n`);
		return 2;
	}

	const args = argv.slice(command.name.split(' ').length);
	if (args.includes('--help') || args.includes('-h')) {
		process.stdout.write(`usage: ${command.usage}\n${command.summary}\n`);
		return 0;
	}
	try {
		return await command.run(args);
	} catch (error) {
		if (error instanceof CliUsageError) {
			process.stderr.write(`rstar ${command.name}: ${error.message}\nusage: ${command.usage}\n`);
			return 2;
		}
		if (error instanceof RstarError) {
			process.stderr.write(`rstar: ${error.message}\n`);
			return 1;
		}
		process.stderr.write(`rstar: internal error: ${(error as Error).stack ?? String(error)}\n`);
		return 1;
	}
}

process.exitCode = await main(process.argv.slice(2));
