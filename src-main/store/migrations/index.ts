import datasets from './001-datasets.sql';
import searches from './002-searches.sql';
import preferencePairs from './003-preference-pairs.sql';
import searchLeases from './004-search-leases.sql';
import nodeValue from './005-node-value.sql';
import rounds from './006-rounds.sql';
import jobMetrics from './007-job-metrics.sql';
import settings from './008-settings.sql';
import pairUniqueness from './009-pair-uniqueness.sql';
import searchStageTimes from './010-search-stage-times.sql';
import curation from './011-curation.sql';
import models from './012-models.sql';

export interface Migration {
	/** Becomes `PRAGMA user_version` once applied; versions are consecutive from 1. */
	version: number;
	name: string;
	sql: string;
}

/** Every schema change, in order. A migration is never edited once shipped: add the next one. */
export const migrations: readonly Migration[] = [
	{version: 1, name: 'datasets', sql: datasets},
	{version: 2, name: 'searches', sql: searches},
	{version: 3, name: 'preference-pairs', sql: preferencePairs},
	{version: 4, name: 'search-leases', sql: searchLeases},
	{version: 5, name: 'node-value', sql: nodeValue},
	{version: 6, name: 'rounds', sql: rounds},
	{version: 7, name: 'job-metrics', sql: jobMetrics},
	{version: 8, name: 'settings', sql: settings},
	{version: 9, name: 'pair-uniqueness', sql: pairUniqueness},
	{version: 10, name: 'search-stage-times', sql: searchStageTimes},
	{version: 11, name: 'curation', sql: curation},
	{version: 12, name: 'models', sql: models}
];
