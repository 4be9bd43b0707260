import type Database from 'better-sqlite3';
import type {finishReasons, StepRating} from '../contract/curation.js';

type FinishReason = (typeof finishReasons)[number];

export interface TrajectoryFinish {
	firstWrongStep: number | null;
	reason: FinishReason;
	msSpent: number;
	guidelineVersion: number | null;
	createdAt: string;
}

/** PRM800K-style labels: step ratings and how a labeller finished a trajectory (its leaf). */
export class StepLabelStore {
	public constructor(private readonly db: Database.Database) {}

	/** The labeller's ratings on the trajectory, by node id. */
	public ratings(searchId: number, leafId: number, labeller: string): Map<number, StepRating> {
		const rows = this.db.prepare('SELECT node_id, rating FROM step_labels WHERE search_id = ? AND leaf_id = ? AND labeller = ?').all(searchId, leafId, labeller) as {node_id: number; rating: StepRating}[];
		return new Map(rows.map(row => [row.node_id, row.rating]));
	}

	/** Rates a step, replacing the labeller's earlier rating of it in this trajectory. */
	public rate(searchId: number, leafId: number, nodeId: number, labeller: string, rating: StepRating, guidelineVersion: number | null): void {
		this.db.prepare(`INSERT INTO step_labels (search_id, leaf_id, node_id, labeller, rating, guideline_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (search_id, leaf_id, node_id, labeller) DO UPDATE SET rating = excluded.rating, guideline_version = excluded.guideline_version, created_at = excluded.created_at`)
			.run(searchId, leafId, nodeId, labeller, rating, guidelineVersion, new Date().toISOString());
	}

	public finish(searchId: number, leafId: number, labeller: string, finish: Omit<TrajectoryFinish, 'createdAt'>): void {
		this.db.prepare(`INSERT INTO trajectory_labels (search_id, leaf_id, labeller, first_wrong_step, reason, ms_spent, guideline_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (search_id, leaf_id, labeller) DO UPDATE SET first_wrong_step = excluded.first_wrong_step, reason = excluded.reason,
				ms_spent = excluded.ms_spent, guideline_version = excluded.guideline_version, created_at = excluded.created_at`)
			.run(searchId, leafId, labeller, finish.firstWrongStep, finish.reason, finish.msSpent, finish.guidelineVersion, new Date().toISOString());
	}

	public finishOf(searchId: number, leafId: number, labeller: string): TrajectoryFinish | null {
		const row = this.db.prepare('SELECT * FROM trajectory_labels WHERE search_id = ? AND leaf_id = ? AND labeller = ?').get(searchId, leafId, labeller) as FinishRow | undefined;
		return row ? toFinish(row) : null;
	}

	/**
	 * Every (trajectory, labeller) with a rating or a finish: the rated steps, the finish if any, the latest time.
	 * `searchId` narrows to one search.
	 */
	public summaries(searchId?: number): {searchId: number; leafId: number; labeller: string; rated: number; finish: TrajectoryFinish | null; updatedAt: string}[] {
		const rows = this.db.prepare(`
			SELECT k.search_id, k.leaf_id, k.labeller,
				(SELECT COUNT(*) FROM step_labels s WHERE s.search_id = k.search_id AND s.leaf_id = k.leaf_id AND s.labeller = k.labeller) AS rated,
				(SELECT MAX(created_at) FROM step_labels s WHERE s.search_id = k.search_id AND s.leaf_id = k.leaf_id AND s.labeller = k.labeller) AS rated_at,
				t.first_wrong_step, t.reason, t.ms_spent, t.guideline_version, t.created_at
			FROM (SELECT search_id, leaf_id, labeller FROM step_labels UNION SELECT search_id, leaf_id, labeller FROM trajectory_labels) k
			LEFT JOIN trajectory_labels t ON t.search_id = k.search_id AND t.leaf_id = k.leaf_id AND t.labeller = k.labeller
			WHERE ? IS NULL OR k.search_id = ?
			ORDER BY k.search_id, k.leaf_id, k.labeller`).all(searchId ?? null, searchId ?? null) as (FinishRow & {rated: number; rated_at: string | null})[];
		return rows.map(row => ({
			searchId: row.search_id, leafId: row.leaf_id, labeller: row.labeller, rated: row.rated,
			finish: row.reason === null ? null : toFinish(row),
			updatedAt: [row.rated_at, row.created_at].filter((time): time is string => time !== null).sort().at(-1)!
		}));
	}
}

interface FinishRow {
	search_id: number; leaf_id: number; labeller: string; first_wrong_step: number | null; reason: FinishReason | null; ms_spent: number;
	guideline_version: number | null; created_at: string | null;
}

function toFinish(row: FinishRow): TrajectoryFinish {
	return {firstWrongStep: row.first_wrong_step, reason: row.reason!, msSpent: row.ms_spent, guidelineVersion: row.guideline_version, createdAt: row.created_at!};
}
