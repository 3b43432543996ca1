-- Storeroom schema 5: what each operation did, row by row (its effects, compressed JSON), for merging the copies of a
-- catalogue field by field (see core/ops/effects.ts). Operations recorded before have none: their rows are found by
-- the ids their stamps give them, or read as they stand.
ALTER TABLE ops ADD COLUMN effects BLOB;
