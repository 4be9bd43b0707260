import type Database from 'better-sqlite3';
import type {AgreementSample} from '../contract/curation.js';

interface SampleRow {id: number; name: string; spec: string; size: number; k: number; created_at: string; assigned: number; labelled: number}

/** Agreement samples: which pairs, handed to whom, and how far the labelling got. */
export class AgreementStore {
	public constructor(private readonly db: Database.Database) {}

	/** Stores a sample and its assignments (`items` in draw order, each with its labellers). */
	public create(name: string, spec: unknown, k: number, items: readonly {pairId: number; labellers: readonly string[]}[]): number {
		const id = Number(this.db.prepare('INSERT INTO agreement_samples (name, spec, size, k, created_at) VALUES (?, ?, ?, ?, ?)')
			.run(name, JSON.stringify(spec), items.length, k, new Date().toISOString()).lastInsertRowid);
		const assign = this.db.prepare('INSERT INTO agreement_items (sample_id, pair_id, labeller, position) VALUES (?, ?, ?, ?)');
		items.forEach((item, position) => {
			for (const labeller of item.labellers)
				assign.run(id, item.pairId, labeller, position);
		});
		return id;
	}

	public list(): AgreementSample[] {
		return (this.db.prepare(`${sampleSelect} ORDER BY s.id`).all() as SampleRow[]).map(toSample);
	}

	public get(id: number): AgreementSample | null {
		const row = this.db.prepare(`${sampleSelect} WHERE s.id = ?`).get(id) as SampleRow | undefined;
		return row ? toSample(row) : null;
	}

	/** The labeller's first item of the sample not labelled in it yet, and how many are left. */
	public next(sampleId: number, labeller: string): {pairId: number | null; remaining: number} {
		const open = this.db.prepare(`
			SELECT i.pair_id FROM agreement_items i
			WHERE i.sample_id = ? AND i.labeller = ?
				AND NOT EXISTS (SELECT 1 FROM pair_decisions d WHERE d.sample_id = i.sample_id AND d.pair_id = i.pair_id AND d.labeller = i.labeller)
			ORDER BY i.position`).all(sampleId, labeller) as {pair_id: number}[];
		return {pairId: open[0]?.pair_id ?? null, remaining: open.length};
	}

	/** Whether the pair is handed to the labeller in the sample. */
	public isAssigned(sampleId: number, pairId: number, labeller: string): boolean {
		return this.db.prepare('SELECT 1 FROM agreement_items WHERE sample_id = ? AND pair_id = ? AND labeller = ?').get(sampleId, pairId, labeller) !== undefined;
	}
}

const sampleSelect = `
	SELECT s.*,
		(SELECT COUNT(*) FROM agreement_items i WHERE i.sample_id = s.id) AS assigned,
		(SELECT COUNT(*) FROM agreement_items i WHERE i.sample_id = s.id
			AND EXISTS (SELECT 1 FROM pair_decisions d WHERE d.sample_id = i.sample_id AND d.pair_id = i.pair_id AND d.labeller = i.labeller)) AS labelled
	FROM agreement_samples s`;

function toSample(row: SampleRow): AgreementSample {
	const spec = JSON.parse(row.spec) as {labellers: string[]};
	return {id: row.id, name: row.name, size: row.size, k: row.k, labellers: spec.labellers, assigned: row.assigned, labelled: row.labelled, createdAt: row.created_at};
}
