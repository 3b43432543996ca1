-- Storeroom schema 3: every change an operation. The change log becomes the operation log; removal is a tombstone;
-- history (movements, condition checks, sightings) is never deleted; ties in time are settled by id, the same on
-- every device.

-- One row per operation, in the order this catalogue recorded them (seq). An operation holds its id (a UUIDv7,
-- possibly the caller's idempotency key), its hybrid-logical-clock timestamp, the device and person it comes from,
-- the procedure and its input, and the readable references and temporary numbers it minted. The ids it created
-- follow from its timestamp (see core/ops/ids.ts). Rows are never updated or deleted.
CREATE TABLE ops (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  op_id      TEXT NOT NULL UNIQUE,
  hlc        TEXT NOT NULL,
  device_id  TEXT,
  person_id  TEXT REFERENCES people (id),
  procedure  TEXT NOT NULL,
  input      TEXT NOT NULL,
  -- JSON { reference: [...], tempNumber: [...] }: the values minted, in order, or NULL.
  minted     TEXT,
  -- For a request sent with an idempotency key: a digest of the request as sent, and the result it got.
  request    TEXT,
  result     TEXT,
  -- 0 for the change log of the history before operations: shown, not replayed (replay starts from its baseline).
  replayable INTEGER NOT NULL DEFAULT 1 CHECK (replayable IN (0, 1))
) STRICT;
CREATE INDEX ops_hlc ON ops (hlc);
CREATE INDEX ops_person ON ops (person_id, hlc);

-- What each operation touched, by kind (the topics a client refreshes): the change log's filters and the events.
CREATE TABLE op_targets (
  seq       INTEGER NOT NULL REFERENCES ops (seq),
  entity_id TEXT NOT NULL,
  kind      TEXT NOT NULL,
  PRIMARY KEY (entity_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX op_targets_seq ON op_targets (seq);

CREATE TRIGGER ops_no_update BEFORE UPDATE ON ops BEGIN SELECT RAISE(ABORT, 'operations are append-only'); END;
CREATE TRIGGER ops_no_delete BEFORE DELETE ON ops BEGIN SELECT RAISE(ABORT, 'operations are append-only'); END;

-- The change log so far becomes the history before the first operation.
INSERT INTO ops (op_id, hlc, device_id, person_id, procedure, input, replayable)
SELECT id, at || '-0000-0000000000000000', NULL, person_id, procedure, input, 0 FROM changes ORDER BY at, id;
INSERT INTO op_targets (seq, entity_id, kind)
SELECT o.seq, t.entity_id,
  CASE
    WHEN EXISTS (SELECT 1 FROM objects WHERE id = t.entity_id) THEN 'objects'
    WHEN EXISTS (SELECT 1 FROM locations WHERE id = t.entity_id) THEN 'locations'
    WHEN EXISTS (SELECT 1 FROM viewpoints WHERE id = t.entity_id) THEN 'locations'
    WHEN EXISTS (SELECT 1 FROM people WHERE id = t.entity_id) THEN 'people'
    WHEN EXISTS (SELECT 1 FROM photos WHERE id = t.entity_id) THEN 'photos'
    WHEN EXISTS (SELECT 1 FROM milestones WHERE id = t.entity_id) THEN 'milestones'
    WHEN EXISTS (SELECT 1 FROM imports WHERE id = t.entity_id) THEN 'imports'
    WHEN EXISTS (SELECT 1 FROM custom_fields WHERE id = t.entity_id) THEN 'vocabularies'
    WHEN t.entity_id LIKE 'vocabulary:%' THEN 'vocabularies'
    WHEN t.entity_id LIKE 'mapping:%' THEN 'imports'
    WHEN t.entity_id = 'catalogue' THEN 'catalogue'
    ELSE 'objects'
  END
FROM change_targets t JOIN ops o ON o.op_id = t.change_id;
DROP TABLE change_targets;
DROP TABLE changes;

-- Requests to jobs (imports, photo imports) sent with an idempotency key, and the result each got.
CREATE TABLE job_requests (
  key       TEXT PRIMARY KEY,
  procedure TEXT NOT NULL,
  request   TEXT NOT NULL,
  result    TEXT NOT NULL,
  at        TEXT NOT NULL
) STRICT;

-- Removal is a tombstone: the row stays, with its history, and can be brought back. A removed location's code is
-- set aside (removed_code), so that a new location may take it.
ALTER TABLE objects ADD COLUMN removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1));
ALTER TABLE locations ADD COLUMN removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1));
ALTER TABLE locations ADD COLUMN removed_code TEXT;

-- A condition recorded by mistake (by an import that was undone) is withdrawn, never deleted: the object's condition
-- is its latest assessment still standing.
ALTER TABLE condition_checks ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1));

DROP TRIGGER condition_checks_no_update;
CREATE TRIGGER condition_checks_no_update BEFORE UPDATE OF id, object_id, term, note, assessed_on, assessed_by, at, person_id ON condition_checks
BEGIN
  SELECT RAISE(ABORT, 'condition history is append-only');
END;
CREATE TRIGGER condition_checks_no_delete BEFORE DELETE ON condition_checks
BEGIN
  SELECT RAISE(ABORT, 'condition history is append-only');
END;
-- The latest assessment (by date, then by when it was recorded, then by id: the same on every device).
DROP TRIGGER condition_checks_set_current;
CREATE TRIGGER condition_checks_set_current AFTER INSERT ON condition_checks
BEGIN
  UPDATE objects SET condition_id = NEW.id, last_seen_at = max(coalesce(last_seen_at, ''), NEW.at)
  WHERE id = NEW.object_id
    AND (condition_id IS NULL
      OR (SELECT assessed_on || at || id FROM condition_checks c WHERE c.id = objects.condition_id) <= NEW.assessed_on || NEW.at || NEW.id);
END;
CREATE TRIGGER condition_checks_withdrawn AFTER UPDATE OF withdrawn ON condition_checks
BEGIN
  UPDATE objects SET condition_id = (
    SELECT id FROM condition_checks c WHERE c.object_id = NEW.object_id AND c.withdrawn = 0 ORDER BY c.assessed_on DESC, c.at DESC, c.id DESC LIMIT 1)
  WHERE id = NEW.object_id;
END;

-- History is never rewritten, and never deleted: the escape hatch for undone imports goes.
DROP TRIGGER movements_no_delete;
CREATE TRIGGER movements_no_delete BEFORE DELETE ON movements
BEGIN
  SELECT RAISE(ABORT, 'movements are append-only');
END;
CREATE TRIGGER sightings_no_update BEFORE UPDATE ON sightings
BEGIN
  SELECT RAISE(ABORT, 'sightings are append-only');
END;
CREATE TRIGGER sightings_no_delete BEFORE DELETE ON sightings
BEGIN
  SELECT RAISE(ABORT, 'sightings are append-only');
END;

-- An object is where its latest movement by time put it; of movements at the same time, the one with the greater id
-- (ids follow the operations' clock), whatever the order they arrive in.
DROP TRIGGER movements_set_location;
CREATE TRIGGER movements_set_location AFTER INSERT ON movements
BEGIN
  UPDATE objects SET location_id = NEW.to_location_id, moved_at = NEW.at, last_seen_at = max(coalesce(last_seen_at, ''), NEW.at)
  WHERE id = NEW.object_id
    AND (moved_at IS NULL OR moved_at < NEW.at
      OR (moved_at = NEW.at AND NOT EXISTS (SELECT 1 FROM movements m WHERE m.object_id = NEW.object_id AND m.at = NEW.at AND m.id > NEW.id)));
END;

-- A removed object leaves the search index (derived), and comes back to it when restored.
DROP TRIGGER objects_fts_update;
CREATE TRIGGER objects_fts_update AFTER UPDATE OF number, temp_number, name, description, materials, tags, custom_text ON objects
WHEN OLD.removed = 0 AND NEW.removed = 0
BEGIN
  INSERT INTO objects_fts (objects_fts, rowid, number, temp_number, name, description, materials, tags, custom_text)
  VALUES ('delete', OLD.rowid, OLD.number, OLD.temp_number, OLD.name, OLD.description, OLD.materials, OLD.tags, OLD.custom_text);
  INSERT INTO objects_fts (rowid, number, temp_number, name, description, materials, tags, custom_text)
  VALUES (NEW.rowid, NEW.number, NEW.temp_number, NEW.name, NEW.description, NEW.materials, NEW.tags, NEW.custom_text);
END;
CREATE TRIGGER objects_fts_removed AFTER UPDATE OF removed ON objects WHEN NEW.removed = 1 AND OLD.removed = 0
BEGIN
  INSERT INTO objects_fts (objects_fts, rowid, number, temp_number, name, description, materials, tags, custom_text)
  VALUES ('delete', OLD.rowid, OLD.number, OLD.temp_number, OLD.name, OLD.description, OLD.materials, OLD.tags, OLD.custom_text);
END;
CREATE TRIGGER objects_fts_restored AFTER UPDATE OF removed ON objects WHEN NEW.removed = 0 AND OLD.removed = 1
BEGIN
  INSERT INTO objects_fts (rowid, number, temp_number, name, description, materials, tags, custom_text)
  VALUES (NEW.rowid, NEW.number, NEW.temp_number, NEW.name, NEW.description, NEW.materials, NEW.tags, NEW.custom_text);
END;

-- A sighting never makes an object seen earlier than it was.
DROP TRIGGER sightings_set_seen;
CREATE TRIGGER sightings_set_seen AFTER INSERT ON sightings
BEGIN
  UPDATE objects SET last_seen_at = max(coalesce(last_seen_at, ''), NEW.at) WHERE id = NEW.object_id;
END;

-- An import remembers its operation's timestamp (what changed since it), and what its undo did (so that the undo
-- can itself be undone).
ALTER TABLE imports ADD COLUMN hlc TEXT;
UPDATE imports SET hlc = at || '-0000-0000000000000000';
ALTER TABLE imports ADD COLUMN undo_applied TEXT;
