-- Storeroom schema 5: what each operation did, row by row (its effects, compressed JSON), for merging the copies of a
-- catalogue field by field (see core/ops/effects.ts). Operations recorded before have none: their rows are found by
-- the ids their stamps give them, or read as they stand.
ALTER TABLE ops ADD COLUMN effects BLOB;

-- Every write of a field (after its row was made), with the version it overwrote (base: the stamp of the write it
-- replaced, NULL for the row's first values). A field's value is that of its latest write by stamp, whatever order
-- writes arrive in; two writes with the same base, not seeing each other, conflict.
CREATE TABLE field_writes (
  tbl   TEXT NOT NULL,
  row   TEXT NOT NULL,
  col   TEXT NOT NULL,
  hlc   TEXT NOT NULL,
  base  TEXT,
  value ANY,
  op_id TEXT NOT NULL,
  PRIMARY KEY (tbl, row, col, hlc)
) STRICT, WITHOUT ROWID;

-- What merging found that a person must settle: two writes of one field from the same value, the same number on two
-- new objects, the same code on two new locations, an edit of something removed elsewhere. Derived from the
-- operations, the same on every copy that has seen them; a resolution is an operation of its own (resolutions).
CREATE TABLE conflicts (
  key    TEXT PRIMARY KEY,
  kind   TEXT NOT NULL CHECK (kind IN ('field', 'number', 'code', 'removed')),
  tbl    TEXT NOT NULL,
  row    TEXT NOT NULL,
  col    TEXT,
  detail TEXT NOT NULL,
  hlc    TEXT NOT NULL
) STRICT;
CREATE TABLE resolutions (
  key        TEXT PRIMARY KEY,
  resolution TEXT NOT NULL,
  at         TEXT NOT NULL,
  person_id  TEXT REFERENCES people (id)
) STRICT;

-- A location is where its latest move by time put it (of moves at the same time, the one with the greater id), in
-- whatever order moves arrive.
DROP TRIGGER location_moves_set_parent;
CREATE TRIGGER location_moves_set_parent AFTER INSERT ON location_moves
WHEN NOT EXISTS (
  SELECT 1 FROM location_moves m WHERE m.location_id = NEW.location_id AND (m.at > NEW.at OR (m.at = NEW.at AND m.id > NEW.id)))
BEGIN
  UPDATE locations SET parent_id = NEW.to_parent_id WHERE id = NEW.location_id;
END;

-- A photo stored on two copies under two ids is one photo: the smaller id stands, and the other leads to it.
CREATE TABLE photo_aliases (
  alias    TEXT PRIMARY KEY,
  photo_id TEXT NOT NULL
) STRICT, WITHOUT ROWID;
