-- One hand-made pair per (search, chosen step, rejected step): the same preference stored twice would count twice in
-- training. Pairs stored twice before this migration keep their first copy.
DELETE FROM preference_pairs WHERE id NOT IN (
	SELECT MIN(id) FROM preference_pairs GROUP BY search_id, chosen_id, rejected_id
);
CREATE UNIQUE INDEX preference_pairs_unique ON preference_pairs(search_id, chosen_id, rejected_id);
