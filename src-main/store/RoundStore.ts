import type Database from 'better-sqlite3';
import type {EvaluationSummary} from '../contract/evaluations.js';
import {RoundConfig, type RoundExtraction, type RoundSearchResult, type RoundStatus} from '../contract/rounds.js';

interface RoundRow {
	id: number; evolution: string; number: number; config: string; status: RoundStatus; search_result: string | null;
	extraction: string | null; policy_model_id: number | null; ppm_model_id: number | null; evaluation: string | null;
	error: string | null; created_at: string; finished_at: string | null;
}

interface ModelRow {
	id: number; kind: 'policy' | 'ppm'; path: string; sha256: string; round_id: number | null; init_path: string | null;
	data: string; training: string; created_at: string;
}

export interface StoredRound {
	id: number;
	evolution: string;
	number: number;
	config: RoundConfig;
	status: RoundStatus;
	searchResult: RoundSearchResult | null;
	extraction: RoundExtraction | null;
	policyModelId: number | null;
	ppmModelId: number | null;
	/** The evaluation stage's result: evaluation ids per dataset and kind. */
	evaluation: RoundEvaluationResult | null;
	error: string | null;
	createdAt: string;
	finishedAt: string | null;
}

export interface RoundEvaluationResult {
	/** Per dataset id: the evaluations that scored the round's models on it. */
	datasets: {datasetId: number; greedyEvaluationId: number; searchEvaluationId: number | null}[];
}

export interface StoredModel {
	id: number;
	kind: 'policy' | 'ppm';
	path: string;
	sha256: string;
	roundId: number | null;
	initPath: string | null;
	data: Record<string, unknown>;
	training: Record<string, unknown>;
	createdAt: string;
}

export interface StoredEvaluation {
	id: number;
	roundId: number | null;
	datasetId: number;
	kind: 'greedy' | 'search';
	settings: unknown;
	policyPath: string;
	ppmPath: string | null;
	status: 'running' | 'done' | 'failed' | 'stopped' | 'interrupted';
	report: unknown;
	createdAt: string;
	finishedAt: string | null;
}

interface EvaluationRow {
	id: number; round_id: number | null; dataset_id: number; kind: 'greedy' | 'search'; settings: string; policy_path: string;
	ppm_path: string | null; status: StoredEvaluation['status']; report: string | null; created_at: string; finished_at: string | null;
}

interface EvaluationSummaryRow extends Omit<EvaluationRow, 'settings' | 'report'> {
	round: string | null; dataset: string; rate: number | null; problems: number | null;
}

const json = <T>(text: string | null): T | null => text === null ? null : JSON.parse(text) as T;

/** All SQL about rounds, the models they train and the evaluations that score them. */
export class RoundStore {
	public constructor(private readonly db: Database.Database) {}

	public create(config: RoundConfig): number {
		return Number(this.db.prepare(`INSERT INTO rounds (evolution, number, config, status, created_at) VALUES (?, ?, ?, 'created', ?)`)
			.run(config.evolution, config.number, JSON.stringify(config), new Date().toISOString()).lastInsertRowid);
	}

	public get(roundId: number): StoredRound | null {
		const row = this.db.prepare('SELECT * FROM rounds WHERE id = ?').get(roundId) as RoundRow | undefined;
		return row ? toRound(row) : null;
	}

	public find(evolution: string, number: number): StoredRound | null {
		const row = this.db.prepare('SELECT * FROM rounds WHERE evolution = ? AND number = ?').get(evolution, number) as RoundRow | undefined;
		return row ? toRound(row) : null;
	}

	/** Rounds of one evolution (or all), by evolution then number. */
	public list(evolution?: string): StoredRound[] {
		const rows = evolution === undefined
			? this.db.prepare('SELECT * FROM rounds ORDER BY evolution, number').all() as RoundRow[]
			: this.db.prepare('SELECT * FROM rounds WHERE evolution = ? ORDER BY number').all(evolution) as RoundRow[];
		return rows.map(toRound);
	}

	public setStatus(roundId: number, status: RoundStatus, error: string | null = null): void {
		const finished = status === 'running' || status === 'created' ? null : new Date().toISOString();
		this.db.prepare('UPDATE rounds SET status = ?, error = ?, finished_at = ? WHERE id = ?').run(status, error, finished, roundId);
	}

	/** Marks `interrupted` the rounds left `running` whose every job is over (their process died). */
	public interruptOrphans(): number[] {
		const rows = this.db.prepare(`SELECT id FROM rounds WHERE status = 'running'
			AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.round_id = rounds.id AND jobs.status IN ('running', 'paused'))`).pluck().all() as number[];
		for (const id of rows)
			this.setStatus(id, 'interrupted', 'its process ended while it ran: run it again to go on');
		return rows;
	}

	public recordSearch(roundId: number, result: RoundSearchResult): void {
		this.db.prepare('UPDATE rounds SET search_result = ? WHERE id = ?').run(JSON.stringify(result), roundId);
	}

	public recordExtraction(roundId: number, extraction: RoundExtraction): void {
		this.db.prepare('UPDATE rounds SET extraction = ? WHERE id = ?').run(JSON.stringify(extraction), roundId);
	}

	/** Registers a model the round trained and names it the round's policy or PPM, in one transaction. */
	public recordModel(roundId: number, model: Omit<StoredModel, 'id' | 'createdAt' | 'roundId'>): number {
		return this.db.transaction(() => {
			const id = Number(this.db.prepare(`INSERT INTO models (kind, path, sha256, round_id, init_path, data, training, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(model.kind, model.path, model.sha256, roundId, model.initPath, JSON.stringify(model.data),
				JSON.stringify(model.training), new Date().toISOString()).lastInsertRowid);
			this.db.prepare(`UPDATE rounds SET ${model.kind === 'policy' ? 'policy_model_id' : 'ppm_model_id'} = ? WHERE id = ?`).run(id, roundId);
			return id;
		}).immediate();
	}

	/** Names an earlier round's PPM this round's own (a round with no pairs to train one on). */
	public keepModel(roundId: number, ppmModelId: number): void {
		this.db.prepare('UPDATE rounds SET ppm_model_id = ? WHERE id = ?').run(ppmModelId, roundId);
	}

	public model(modelId: number): StoredModel | null {
		const row = this.db.prepare('SELECT * FROM models WHERE id = ?').get(modelId) as ModelRow | undefined;
		return row ? {
			id: row.id, kind: row.kind, path: row.path, sha256: row.sha256, roundId: row.round_id, initPath: row.init_path,
			data: JSON.parse(row.data) as Record<string, unknown>, training: JSON.parse(row.training) as Record<string, unknown>, createdAt: row.created_at
		} : null;
	}

	public recordEvaluation(roundId: number, result: RoundEvaluationResult): void {
		this.db.prepare('UPDATE rounds SET evaluation = ? WHERE id = ?').run(JSON.stringify(result), roundId);
	}

	public createEvaluation(evaluation: Pick<StoredEvaluation, 'roundId' | 'datasetId' | 'kind' | 'settings' | 'policyPath' | 'ppmPath'>): number {
		return Number(this.db.prepare(`INSERT INTO evaluations (round_id, dataset_id, kind, settings, policy_path, ppm_path, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, 'running', ?)`).run(evaluation.roundId, evaluation.datasetId, evaluation.kind, JSON.stringify(evaluation.settings),
			evaluation.policyPath, evaluation.ppmPath, new Date().toISOString()).lastInsertRowid);
	}

	/** The round's evaluation of a dataset of a kind not finished yet, to resume rather than start again. */
	public openEvaluation(roundId: number | null, datasetId: number, kind: 'greedy' | 'search'): StoredEvaluation | null {
		const row = this.db.prepare(`SELECT * FROM evaluations WHERE round_id IS ? AND dataset_id = ? AND kind = ? AND status <> 'done'
			ORDER BY id DESC LIMIT 1`).get(roundId, datasetId, kind) as EvaluationRow | undefined;
		return row ? toEvaluation(row) : null;
	}

	public finishEvaluation(evaluationId: number, status: StoredEvaluation['status'], report: unknown): void {
		this.db.prepare('UPDATE evaluations SET status = ?, report = ?, finished_at = ? WHERE id = ?')
			.run(status, report === null ? null : JSON.stringify(report), new Date().toISOString(), evaluationId);
	}

	/** Evaluations as listed, newest first: of one round, or all; or the one `evaluationId`. */
	public evaluationSummaries(filter: {roundId?: number; evaluationId?: number}): EvaluationSummary[] {
		const rows = this.db.prepare(`SELECT e.id, e.round_id, r.evolution || '/' || r.number AS round, e.dataset_id, d.name AS dataset, e.kind,
				e.policy_path, e.ppm_path, e.status, json_extract(e.report, '$.overall.rate') AS rate,
				json_extract(e.report, '$.overall.problems') AS problems, e.created_at, e.finished_at
			FROM evaluations e JOIN datasets d ON d.id = e.dataset_id LEFT JOIN rounds r ON r.id = e.round_id
			WHERE (@roundId IS NULL OR e.round_id = @roundId) AND (@evaluationId IS NULL OR e.id = @evaluationId)
			ORDER BY e.id DESC`).all({roundId: filter.roundId ?? null, evaluationId: filter.evaluationId ?? null}) as EvaluationSummaryRow[];
		return rows.map(row => ({
			id: row.id, roundId: row.round_id, round: row.round, datasetId: row.dataset_id, dataset: row.dataset, kind: row.kind,
			policyPath: row.policy_path, ppmPath: row.ppm_path, status: row.status, rate: row.rate, problems: row.problems,
			createdAt: row.created_at, finishedAt: row.finished_at
		}));
	}

	public evaluation(evaluationId: number): StoredEvaluation | null {
		const row = this.db.prepare('SELECT * FROM evaluations WHERE id = ?').get(evaluationId) as EvaluationRow | undefined;
		return row ? toEvaluation(row) : null;
	}
}

function toRound(row: RoundRow): StoredRound {
	return {
		id: row.id, evolution: row.evolution, number: row.number, config: RoundConfig.parse(JSON.parse(row.config)), status: row.status,
		searchResult: json(row.search_result), extraction: json(row.extraction), policyModelId: row.policy_model_id,
		ppmModelId: row.ppm_model_id, evaluation: json(row.evaluation), error: row.error, createdAt: row.created_at, finishedAt: row.finished_at
	};
}

function toEvaluation(row: EvaluationRow): StoredEvaluation {
	return {
		id: row.id, roundId: row.round_id, datasetId: row.dataset_id, kind: row.kind, settings: JSON.parse(row.settings) as unknown,
		policyPath: row.policy_path, ppmPath: row.ppm_path, status: row.status, report: json(row.report), createdAt: row.created_at,
		finishedAt: row.finished_at
	};
}
