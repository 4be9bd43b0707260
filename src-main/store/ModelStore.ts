import type Database from 'better-sqlite3';
import {ModelInfo, ModelRuntimeSettings, type ModelKind, type ModelLineage, type RegisteredModel} from '../contract/models.js';
import type {InspectedModel} from '../models/inspectModel.js';

interface ModelRow {
	id: number; kind: ModelKind; path: string; name: string; builtin: 0 | 1; status: 'ok' | 'error'; error: string | null; bytes: number;
	sha256: string | null; info: string; trained_model_id: number | null; runtime: string; registered_at: string;
	round_id: number | null; evolution: string | null; number: number | null; init_path: string | null; data: string | null;
}

/** A registered model as stored; what a process holds loaded is the service's to add. */
export type StoredRegisteredModel = Omit<RegisteredModel, 'loaded' | 'device'>;

/** The training data a round recorded for a model: its sources (a replayed mix), else the one file. */
interface TrainingData {
	file?: string;
	rows?: number;
	sources?: {file: string; rows: number}[];
}

const select = `SELECT m.*, t.round_id, r.evolution, r.number, t.init_path, t.data
	FROM registered_models m LEFT JOIN models t ON t.id = m.trained_model_id LEFT JOIN rounds r ON r.id = t.round_id`;

/** All SQL of the model registry. */
export class ModelStore {
	public constructor(private readonly db: Database.Database) {}

	public list(): StoredRegisteredModel[] {
		return (this.db.prepare(`${select} ORDER BY m.builtin DESC, m.kind, m.name, m.id`).all() as ModelRow[]).map(toModel);
	}

	public get(id: number): StoredRegisteredModel | null {
		const row = this.db.prepare(`${select} WHERE m.id = ?`).get(id) as ModelRow | undefined;
		return row ? toModel(row) : null;
	}

	public byPath(modelPath: string): StoredRegisteredModel | null {
		const row = this.db.prepare(`${select} WHERE m.path = ?`).get(modelPath) as ModelRow | undefined;
		return row ? toModel(row) : null;
	}

	/**
	 * Registers a model at `modelPath`, or reads it again when registered already (its runtime settings, lineage and
	 * built-in mark are kept; a built-in stays one). Returns its id.
	 */
	public upsert(modelPath: string, model: InspectedModel, options: {builtin?: boolean; trainedModelId?: number | null} = {}): number {
		return Number((this.db.prepare(`INSERT INTO registered_models (kind, path, name, builtin, status, error, bytes, sha256, info, trained_model_id, registered_at)
			VALUES (@kind, @path, @name, @builtin, @status, @error, @bytes, @sha256, @info, @trainedModelId, @at)
			ON CONFLICT (path) DO UPDATE SET kind = excluded.kind, name = excluded.name, builtin = MAX(builtin, excluded.builtin), status = excluded.status,
				error = excluded.error, bytes = excluded.bytes, sha256 = excluded.sha256, info = excluded.info,
				trained_model_id = COALESCE(excluded.trained_model_id, trained_model_id)
			RETURNING id`).get({
			kind: model.kind, path: modelPath, name: model.name, builtin: options.builtin ? 1 : 0, status: model.error ? 'error' : 'ok', error: model.error,
			bytes: model.bytes, sha256: model.sha256, info: JSON.stringify(model.info), trainedModelId: options.trainedModelId ?? null, at: new Date().toISOString()
		}) as {id: number}).id);
	}

	public remove(id: number): void {
		this.db.prepare('DELETE FROM registered_models WHERE id = ?').run(id);
	}

	public setRuntime(id: number, runtime: ModelRuntimeSettings): void {
		this.db.prepare('UPDATE registered_models SET runtime = ? WHERE id = ?').run(JSON.stringify(runtime), id);
	}

	/** The runtime settings of the model at `modelPath` (symlinks resolved); none when it is not registered. */
	public runtimeFor(modelPath: string): ModelRuntimeSettings {
		const text = this.db.prepare('SELECT runtime FROM registered_models WHERE path = ?').pluck().get(modelPath) as string | undefined;
		return text === undefined ? {} : ModelRuntimeSettings.parse(JSON.parse(text));
	}

	/** Models the rounds trained that no registered model names as its lineage yet, oldest first. */
	public unregisteredTrainedModels(): {id: number; path: string}[] {
		return this.db.prepare(`SELECT t.id, t.path FROM models t WHERE NOT EXISTS (SELECT 1 FROM registered_models m WHERE m.trained_model_id = t.id)
			ORDER BY t.id`).all() as {id: number; path: string}[];
	}
}

function toModel(row: ModelRow): StoredRegisteredModel {
	return {
		...ModelInfo.parse(JSON.parse(row.info)), id: row.id, kind: row.kind, name: row.name, path: row.path, builtin: row.builtin === 1, status: row.status,
		error: row.error, bytes: row.bytes, sha256: row.sha256, lineage: lineageOf(row), runtime: ModelRuntimeSettings.parse(JSON.parse(row.runtime)),
		registeredAt: row.registered_at
	};
}

function lineageOf(row: ModelRow): ModelLineage | null {
	if (row.round_id === null || row.evolution === null || row.number === null)
		return null;
	const data = JSON.parse(row.data ?? '{}') as TrainingData;
	const files = data.sources ?? (data.file ? [{file: data.file, rows: data.rows ?? 0}] : []);
	return {roundId: row.round_id, evolution: row.evolution, round: row.number, initPath: row.init_path, data: files.map(({file, rows}) => ({file, rows}))};
}
