-- The reference's node `value` (the first value a node was updated with) replaces the prior: under the reference's
-- rules Q is 0 until a node's first update, and a PPM score is applied as that update.
ALTER TABLE search_nodes RENAME COLUMN prior TO value;
