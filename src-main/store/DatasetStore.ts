import type Database from 'better-sqlite3';
import type {DatasetFormat, DatasetSummary, Problem, ProblemPage, ProblemQuery, ProblemSummary} from '../contract/datasets.js';
import type {MappedProblem} from '../datasets/mapProblemRow.js';

export interface NewDataset {
	name: string;
	source: string;
	format: DatasetFormat;
	sha256: string;
	builtin: boolean;
}

interface DatasetRow {
	id: number; name: string; source: string; format: DatasetFormat; sha256: string; builtin: number;
	imported_at: string; problem_count: number; no_answer_count: number; levels: string | null;
}

interface ProblemRow {
	id: number; dataset_id: number; dataset_name: string; ordinal: number; source_index: string | null;
	question: string; answers: string; level: string | null; subject: string | null; meta?: string;
}

const datasetColumns = `
	d.id, d.name, d.source, d.format, d.sha256, d.builtin, d.imported_at,
	(SELECT COUNT(*) FROM problems p WHERE p.dataset_id = d.id) AS problem_count,
	(SELECT COUNT(*) FROM problems p WHERE p.dataset_id = d.id AND p.has_answer = 0) AS no_answer_count,
	(SELECT json_group_array(level) FROM (SELECT DISTINCT level FROM problems p WHERE p.dataset_id = d.id AND level IS NOT NULL ORDER BY level)) AS levels`;

const problemColumns = `p.id, p.dataset_id, d.name AS dataset_name, p.ordinal, p.source_index, p.question, p.answers, p.level, p.subject`;

/** All SQL about datasets and problems. Each instance wraps one connection. */
export class DatasetStore {
	private readonly insertProblemStatement: Database.Statement;

	public constructor(private readonly db: Database.Database) {
		this.insertProblemStatement = db.prepare(`
			INSERT INTO problems (dataset_id, ordinal, source_index, question, answers, has_answer, level, subject, meta)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
	}

	public insertDataset(dataset: NewDataset): number {
		const result = this.db.prepare(`
			INSERT INTO datasets (name, source, format, sha256, builtin, imported_at) VALUES (?, ?, ?, ?, ?, ?)`)
			.run(dataset.name, dataset.source, dataset.format, dataset.sha256, dataset.builtin ? 1 : 0, new Date().toISOString());
		return Number(result.lastInsertRowid);
	}

	public insertProblem(datasetId: number, ordinal: number, problem: MappedProblem): void {
		this.insertProblemStatement.run(
			datasetId, ordinal, problem.sourceIndex, problem.question, JSON.stringify(problem.answers),
			problem.answers.length > 0 ? 1 : 0, problem.level, problem.subject, JSON.stringify(problem.meta)
		);
	}

	public setWarnings(datasetId: number, warnings: string[]): void {
		this.db.prepare('UPDATE datasets SET warnings = ? WHERE id = ?').run(JSON.stringify(warnings), datasetId);
	}

	public listDatasets(): DatasetSummary[] {
		const rows = this.db.prepare(`SELECT ${datasetColumns} FROM datasets d ORDER BY d.builtin DESC, d.name`).all() as DatasetRow[];
		return rows.map(toDatasetSummary);
	}

	public getDataset(id: number): DatasetSummary | undefined {
		const row = this.db.prepare(`SELECT ${datasetColumns} FROM datasets d WHERE d.id = ?`).get(id) as DatasetRow | undefined;
		return row && toDatasetSummary(row);
	}

	public findDatasetByName(name: string): DatasetSummary | undefined {
		const row = this.db.prepare(`SELECT ${datasetColumns} FROM datasets d WHERE d.name = ?`).get(name) as DatasetRow | undefined;
		return row && toDatasetSummary(row);
	}

	/** The user-imported dataset made from a file with these bytes (built-ins are not counted). */
	public findImportedFile(sha256: string): DatasetSummary | undefined {
		const row = this.db.prepare(`SELECT ${datasetColumns} FROM datasets d WHERE d.sha256 = ? AND d.builtin = 0`).get(sha256) as DatasetRow | undefined;
		return row && toDatasetSummary(row);
	}

	/** The searches of a dataset's problems, by status. */
	public searchCounts(id: number): {total: number; active: number} {
		return this.db.prepare(`
			SELECT COUNT(*) AS total, COALESCE(SUM(s.status IN ('queued', 'running')), 0) AS active
			FROM searches s JOIN problems p ON p.id = s.problem_id WHERE p.dataset_id = ?`).get(id) as {total: number; active: number};
	}

	/**
	 * Deletes a dataset and its problems; the searches of its problems are removed (with their trees and pairs), or kept
	 * unlinked (`problem_id` set to null by the foreign key). Returns how many searches each way, in one transaction.
	 */
	public deleteDataset(id: number, searches: 'keep' | 'remove'): {deleted: boolean; searchesKept: number; searchesRemoved: number} {
		return this.db.transaction(() => {
			const {total} = this.searchCounts(id);
			const searchesRemoved = searches === 'remove'
				? this.db.prepare('DELETE FROM searches WHERE problem_id IN (SELECT id FROM problems WHERE dataset_id = ?)').run(id).changes
				: 0;
			const deleted = this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0;
			return {deleted, searchesKept: total - searchesRemoved, searchesRemoved};
		})();
	}

	public renameDataset(id: number, name: string): boolean {
		return this.db.prepare('UPDATE datasets SET name = ? WHERE id = ?').run(name, id).changes > 0;
	}

	/** Sets the level and subject of a dataset's problems by their source index, where they have none yet; returns how many changed. */
	public fillLabels(datasetId: number, labels: readonly {index: string; level: string; subject: string}[]): number {
		const update = this.db.prepare(`UPDATE problems SET level = ?, subject = ?
			WHERE dataset_id = ? AND source_index = ? AND level IS NULL AND subject IS NULL`);
		return this.db.transaction(() => labels.reduce((changed, label) =>
			changed + update.run(label.level, label.subject, datasetId, label.index).changes, 0))();
	}

	/** Every problem of a dataset with its other fields, in the dataset's order, a page at a time. */
	public *datasetProblems(datasetId: number): Generator<Problem> {
		const page = this.db.prepare(`
			SELECT ${problemColumns}, p.meta FROM problems p JOIN datasets d ON d.id = p.dataset_id
			WHERE p.dataset_id = ? AND p.ordinal > ? ORDER BY p.ordinal LIMIT 500`);
		for (let after = -1; ;) {
			const rows = page.all(datasetId, after) as ProblemRow[];
			if (rows.length === 0)
				return;
			for (const row of rows)
				yield toProblem(row);
			after = rows.at(-1)!.ordinal;
		}
	}

	/** The problems with an answer (or all, `withoutAnswers`) of a dataset (of one level, or at most `perLevel` of each), in the dataset's order. */
	public selectProblems(request: {datasetId: number; level?: string; levels?: readonly string[]; limit?: number; perLevel?: number; withoutAnswers?: boolean}): ProblemSummary[] {
		const problems: ProblemSummary[] = [];
		const perLevel = new Map<string, number>();
		const wanted = request.limit ?? Number.POSITIVE_INFINITY;
		for (let offset = 0; problems.length < wanted; offset += 500) {
			const page = this.queryProblems({datasetId: request.datasetId, level: request.level, hasAnswer: request.withoutAnswers ? undefined : true, offset, limit: 500});
			for (const problem of page.rows) {
				const level = problem.level ?? '(none)';
				if (request.levels && !request.levels.includes(level))
					continue;
				if (request.perLevel !== undefined && (perLevel.get(level) ?? 0) >= request.perLevel)
					continue;
				perLevel.set(level, (perLevel.get(level) ?? 0) + 1);
				problems.push(problem);
				if (problems.length >= wanted)
					break;
			}
			if (offset + 500 >= page.total)
				break;
		}
		return problems;
	}

	/** A page of the problems that match; `literal` is optional here (words, when left out). */
	public queryProblems(query: Omit<ProblemQuery, 'literal'> & {literal?: boolean}): ProblemPage {
		const where: string[] = [];
		const args: unknown[] = [];
		if (query.datasetId !== undefined) {
			where.push('p.dataset_id = ?');
			args.push(query.datasetId);
		}
		if (query.level !== undefined) {
			where.push('p.level = ?');
			args.push(query.level);
		}
		if (query.hasAnswer !== undefined) {
			where.push('p.has_answer = ?');
			args.push(query.hasAnswer ? 1 : 0);
		}
		const match = query.literal ? '' : toFtsQuery(query.text ?? '');
		if (query.literal && query.text) {
			// instr() compares bytes: no pattern characters to escape, and case counts (`\\Frac` is not `\\frac`).
			where.push('instr(p.question, ?) > 0');
			args.push(query.text);
		}
		if (match) {
			where.push('p.id IN (SELECT rowid FROM problems_fts WHERE problems_fts MATCH ?)');
			args.push(match);
		}
		const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
		const {total} = this.db.prepare(`SELECT COUNT(*) AS total FROM problems p ${clause}`).get(...args) as {total: number};
		const rows = this.db.prepare(`
			SELECT ${problemColumns} FROM problems p JOIN datasets d ON d.id = p.dataset_id
			${clause} ORDER BY d.builtin DESC, d.name, p.ordinal LIMIT ? OFFSET ?`)
			.all(...args, query.limit, query.offset) as ProblemRow[];
		return {total, offset: query.offset, rows: rows.map(toProblemSummary)};
	}

	public getProblem(id: number): Problem | undefined {
		const row = this.db.prepare(`
			SELECT ${problemColumns}, p.meta FROM problems p JOIN datasets d ON d.id = p.dataset_id WHERE p.id = ?`)
			.get(id) as ProblemRow | undefined;
		return row && toProblem(row);
	}
}

/** Each word becomes a quoted prefix term, so user text can never be read as FTS5 syntax. */
function toFtsQuery(text: string): string {
	const words = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
	return words.map(word => `"${word}"*`).join(' ');
}

function toDatasetSummary(row: DatasetRow): DatasetSummary {
	return {
		id: row.id, name: row.name, source: row.source, format: row.format, sha256: row.sha256,
		builtin: row.builtin === 1, importedAt: row.imported_at, problemCount: row.problem_count,
		noAnswerCount: row.no_answer_count, levels: JSON.parse(row.levels ?? '[]') as string[]
	};
}

function toProblem(row: ProblemRow): Problem {
	return {...toProblemSummary(row), meta: JSON.parse(row.meta ?? '{}') as Record<string, unknown>};
}

function toProblemSummary(row: ProblemRow): ProblemSummary {
	return {
		id: row.id, datasetId: row.dataset_id, datasetName: row.dataset_name, ordinal: row.ordinal,
		sourceIndex: row.source_index, question: row.question, answers: JSON.parse(row.answers) as string[],
		level: row.level, subject: row.subject
	};
}
