-- Storeroom schema 1: people, locations, objects, movements, condition checks and the change log.

CREATE TABLE catalogue_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;

CREATE TABLE people (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE locations (
  id         TEXT PRIMARY KEY,
  parent_id  TEXT REFERENCES locations (id),
  code       TEXT NOT NULL COLLATE NOCASE UNIQUE,
  name       TEXT NOT NULL,
  type       TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('permanent', 'holding', 'floor')),
  notes      TEXT NOT NULL DEFAULT '',
  -- Order among siblings; ties sort by code.
  position   INTEGER NOT NULL DEFAULT 0,
  archived   INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (parent_id IS NULL OR parent_id <> id)
) STRICT;
CREATE INDEX locations_parent ON locations (parent_id, position);

-- A location moved to another parent (a box to another shelf), append-only like movements.
CREATE TABLE location_moves (
  id             TEXT PRIMARY KEY,
  location_id    TEXT NOT NULL REFERENCES locations (id),
  from_parent_id TEXT REFERENCES locations (id),
  to_parent_id   TEXT REFERENCES locations (id),
  at             TEXT NOT NULL,
  person_id      TEXT REFERENCES people (id),
  reason         TEXT NOT NULL,
  reference      TEXT NOT NULL REFERENCES batches (reference),
  note           TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX location_moves_location ON location_moves (location_id, at);
CREATE INDEX location_moves_reference ON location_moves (reference);
CREATE TRIGGER location_moves_set_parent AFTER INSERT ON location_moves
BEGIN
  UPDATE locations SET parent_id = NEW.to_parent_id WHERE id = NEW.location_id;
END;
CREATE TRIGGER location_moves_no_update BEFORE UPDATE ON location_moves
BEGIN
  SELECT RAISE(ABORT, 'location moves are append-only');
END;
CREATE TRIGGER location_moves_no_delete BEFORE DELETE ON location_moves
BEGIN
  SELECT RAISE(ABORT, 'location moves are append-only');
END;

-- The catalogue's own lists: categories and condition terms.
CREATE TABLE terms (
  vocabulary TEXT NOT NULL CHECK (vocabulary IN ('category', 'condition')),
  term       TEXT NOT NULL COLLATE NOCASE,
  position   INTEGER NOT NULL,
  PRIMARY KEY (vocabulary, term)
) STRICT, WITHOUT ROWID;

CREATE TABLE custom_fields (
  id       TEXT PRIMARY KEY,
  name     TEXT NOT NULL COLLATE NOCASE UNIQUE,
  kind     TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'choice')),
  choices  TEXT NOT NULL DEFAULT '[]',
  position INTEGER NOT NULL
) STRICT;

CREATE TABLE objects (
  id          TEXT PRIMARY KEY,
  number      TEXT,
  temp_number TEXT UNIQUE,
  name        TEXT NOT NULL,
  count       INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
  description TEXT NOT NULL DEFAULT '',
  category    TEXT,
  materials   TEXT NOT NULL DEFAULT '',
  height      REAL,
  width       REAL,
  depth       REAL,
  dimension_unit TEXT NOT NULL DEFAULT 'cm' CHECK (dimension_unit IN ('mm', 'cm', 'm', 'in')),
  weight      REAL,
  weight_unit TEXT NOT NULL DEFAULT 'kg' CHECK (weight_unit IN ('g', 'kg', 'lb')),
  normal_location_id TEXT REFERENCES locations (id),
  -- RE-ORG: can be reached without moving more than two other objects (NULL: not yet assessed).
  reachable   INTEGER CHECK (reachable IN (0, 1)),
  tags        TEXT NOT NULL DEFAULT '[]',
  custom      TEXT NOT NULL DEFAULT '{}',
  -- Derived: the text values of custom fields, for search.
  custom_text TEXT NOT NULL DEFAULT '',
  -- Derived: the latest condition check, kept by the trigger below.
  condition_id TEXT,
  -- Derived: the last time the object was moved, checked or seen in place.
  last_seen_at TEXT,
  -- Derived: the displayed number with digit runs zero-padded, so 1987.3.12 sorts before 1987.12.3.
  sort_key    TEXT NOT NULL,
  -- Derived: the destination of the latest movement, kept by the trigger below.
  location_id TEXT REFERENCES locations (id),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX objects_number ON objects (number COLLATE NOCASE);
CREATE INDEX objects_location ON objects (location_id, sort_key);
CREATE INDEX objects_sort ON objects (sort_key);
CREATE INDEX objects_category ON objects (category);
CREATE INDEX objects_normal_location ON objects (normal_location_id);

CREATE TABLE condition_checks (
  id          TEXT PRIMARY KEY,
  object_id   TEXT NOT NULL REFERENCES objects (id),
  term        TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  assessed_on TEXT NOT NULL,
  assessed_by TEXT NOT NULL DEFAULT '',
  at          TEXT NOT NULL,
  person_id   TEXT REFERENCES people (id)
) STRICT;
CREATE INDEX condition_checks_object ON condition_checks (object_id, assessed_on, at);

-- An object's condition is its latest assessment (by assessment date, then by when it was recorded).
CREATE TRIGGER condition_checks_set_current AFTER INSERT ON condition_checks
BEGIN
  UPDATE objects SET condition_id = NEW.id, last_seen_at = max(coalesce(last_seen_at, ''), NEW.at)
  WHERE id = NEW.object_id
    AND (condition_id IS NULL
      OR (SELECT assessed_on || at FROM condition_checks c WHERE c.id = objects.condition_id) <= NEW.assessed_on || NEW.at);
END;
-- Spreadsheet imports: what each did, so it can be undone.
CREATE TABLE imports (
  id         TEXT PRIMARY KEY,
  at         TEXT NOT NULL,
  person_id  TEXT REFERENCES people (id),
  file_name  TEXT NOT NULL,
  reference  TEXT REFERENCES batches (reference),
  -- JSON: the objects created, and the earlier values of those updated.
  undo       TEXT NOT NULL,
  created    INTEGER NOT NULL,
  updated    INTEGER NOT NULL,
  undone_at  TEXT
) STRICT;

CREATE TABLE import_mappings (
  name    TEXT PRIMARY KEY COLLATE NOCASE,
  mapping TEXT NOT NULL
) STRICT;

CREATE TRIGGER condition_checks_no_update BEFORE UPDATE ON condition_checks
BEGIN
  SELECT RAISE(ABORT, 'condition history is append-only');
END;

-- A batch of moves, sharing one movement reference (Spectrum).
CREATE TABLE batches (
  reference TEXT PRIMARY KEY,
  at        TEXT NOT NULL,
  person_id TEXT REFERENCES people (id),
  reason    TEXT NOT NULL,
  note      TEXT NOT NULL DEFAULT '',
  undoes    TEXT REFERENCES batches (reference),
  -- Set when an undone import takes back the first placements it made (see imports).
  withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1))
) STRICT;
CREATE INDEX batches_at ON batches (at);

CREATE TABLE movements (
  id               TEXT PRIMARY KEY,
  object_id        TEXT NOT NULL REFERENCES objects (id),
  from_location_id TEXT REFERENCES locations (id),
 -- NULL: the object's location became unknown (an undone first placement).
  to_location_id   TEXT REFERENCES locations (id),
  -- Set when the object moved because its container (box, tray) moved.
  container_id     TEXT REFERENCES locations (id),
  at               TEXT NOT NULL,
  person_id        TEXT REFERENCES people (id),
  reason           TEXT NOT NULL,
  reference        TEXT NOT NULL REFERENCES batches (reference),
  note             TEXT NOT NULL DEFAULT ''
) STRICT;
-- Covers "where was this object at time T": the latest movement at or before T, read from the index alone.
CREATE INDEX movements_object ON movements (object_id, at, id, to_location_id);
CREATE INDEX movements_reference ON movements (reference);
CREATE INDEX movements_at ON movements (at);

-- An object's current location is the destination of its latest movement.
CREATE TRIGGER movements_set_location AFTER INSERT ON movements
BEGIN
  UPDATE objects SET location_id = NEW.to_location_id, last_seen_at = NEW.at
  WHERE id = NEW.object_id AND (location_id IS NOT NEW.to_location_id OR last_seen_at IS NOT NEW.at);
END;

-- History is never rewritten: an undo is a new movement back.
CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements
BEGIN
  SELECT RAISE(ABORT, 'movements are append-only');
END;
-- The one exception: an undone import withdraws the first placements of the objects it created.
CREATE TRIGGER movements_no_delete BEFORE DELETE ON movements
WHEN (SELECT withdrawn FROM batches WHERE reference = OLD.reference) IS NOT 1
BEGIN
  SELECT RAISE(ABORT, 'movements are append-only');
END;

CREATE TABLE changes (
  id        TEXT PRIMARY KEY,
  at        TEXT NOT NULL,
  person_id TEXT REFERENCES people (id),
  procedure TEXT NOT NULL,
  input     TEXT NOT NULL
) STRICT;
CREATE INDEX changes_at ON changes (at);
CREATE INDEX changes_person ON changes (person_id, at);

CREATE TABLE change_targets (
  change_id TEXT NOT NULL REFERENCES changes (id),
  entity_id TEXT NOT NULL,
  PRIMARY KEY (entity_id, change_id)
) STRICT, WITHOUT ROWID;

-- Full-text search over objects, prefix-matched.
CREATE VIRTUAL TABLE objects_fts USING fts5 (
  number, temp_number, name, description, materials, tags, custom_text,
  content = 'objects', content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
-- While a bulk insert holds the row of objects_fts_paused, within its own transaction, the objects it inserts skip this
-- trigger and it indexes them all in one statement before it commits: one at a time, they cost the index far more.
CREATE TABLE objects_fts_paused (paused INTEGER PRIMARY KEY CHECK (paused = 1)) STRICT;
CREATE TRIGGER objects_fts_insert AFTER INSERT ON objects WHEN NOT EXISTS (SELECT 1 FROM objects_fts_paused)
BEGIN
  INSERT INTO objects_fts (rowid, number, temp_number, name, description, materials, tags, custom_text)
  VALUES (NEW.rowid, NEW.number, NEW.temp_number, NEW.name, NEW.description, NEW.materials, NEW.tags, NEW.custom_text);
END;
CREATE TRIGGER objects_fts_delete AFTER DELETE ON objects
BEGIN
  INSERT INTO objects_fts (objects_fts, rowid, number, temp_number, name, description, materials, tags, custom_text)
  VALUES ('delete', OLD.rowid, OLD.number, OLD.temp_number, OLD.name, OLD.description, OLD.materials, OLD.tags, OLD.custom_text);
END;
CREATE TRIGGER objects_fts_update AFTER UPDATE OF number, temp_number, name, description, materials, tags, custom_text ON objects
BEGIN
  INSERT INTO objects_fts (objects_fts, rowid, number, temp_number, name, description, materials, tags, custom_text)
  VALUES ('delete', OLD.rowid, OLD.number, OLD.temp_number, OLD.name, OLD.description, OLD.materials, OLD.tags, OLD.custom_text);
  INSERT INTO objects_fts (rowid, number, temp_number, name, description, materials, tags, custom_text)
  VALUES (NEW.rowid, NEW.number, NEW.temp_number, NEW.name, NEW.description, NEW.materials, NEW.tags, NEW.custom_text);
END;

-- Photos: each original stored once, by its SHA-256, under media/; derivatives made from it.
CREATE TABLE photos (
  id            TEXT PRIMARY KEY,
  sha256        TEXT NOT NULL UNIQUE,
  original_name TEXT NOT NULL,
  extension     TEXT NOT NULL,
  format        TEXT NOT NULL,
  byte_size     INTEGER NOT NULL,
  width         INTEGER NOT NULL,
  height        INTEGER NOT NULL,
  taken_at      TEXT,
  camera_make   TEXT,
  camera_model  TEXT,
  latitude      REAL,
  longitude     REAL,
  imported_at   TEXT NOT NULL,
  person_id     TEXT REFERENCES people (id)
) STRICT;

-- What a photo shows: an object, a location, a viewpoint or a movement, in a role.
CREATE TABLE photo_links (
  photo_id    TEXT NOT NULL REFERENCES photos (id),
  target_kind TEXT NOT NULL CHECK (target_kind IN ('object', 'location', 'viewpoint', 'movement')),
  target_id   TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('general', 'before', 'after', 'condition', 'label')),
  caption     TEXT NOT NULL DEFAULT '',
  is_primary  INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
  -- For a viewpoint photo: the milestone it was taken for (Before, After, ...).
  milestone_id TEXT REFERENCES milestones (id),
  created_at  TEXT NOT NULL,
  PRIMARY KEY (target_id, photo_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX photo_links_photo ON photo_links (photo_id);
CREATE UNIQUE INDEX photo_links_one_primary ON photo_links (target_id) WHERE is_primary = 1;

-- Named points in time; the state of the catalogue at each is computed from history.
CREATE TABLE milestones (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL COLLATE NOCASE UNIQUE,
  at         TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('before', 'after', 'other')),
  created_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX milestones_one_before ON milestones (kind) WHERE kind = 'before';
CREATE UNIQUE INDEX milestones_one_after ON milestones (kind) WHERE kind = 'after';

-- A fixed camera position in a room, photographed at each milestone.
CREATE TABLE viewpoints (
  id          TEXT PRIMARY KEY,
  location_id TEXT NOT NULL REFERENCES locations (id),
  name        TEXT NOT NULL,
  notes       TEXT NOT NULL DEFAULT '',
  position    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX viewpoints_location ON viewpoints (location_id, position);

-- An object found where it was expected (a rapid-move scan of an object already in place).
CREATE TABLE sightings (
  id          TEXT PRIMARY KEY,
  object_id   TEXT NOT NULL REFERENCES objects (id),
  location_id TEXT REFERENCES locations (id),
  at          TEXT NOT NULL,
  person_id   TEXT REFERENCES people (id)
) STRICT;
CREATE INDEX sightings_object ON sightings (object_id, at);
CREATE TRIGGER sightings_set_seen AFTER INSERT ON sightings
BEGIN
  UPDATE objects SET last_seen_at = NEW.at WHERE id = NEW.object_id;
END;

-- A new catalogue starts with a condition scale it can change.
INSERT INTO terms (vocabulary, term, position) VALUES
  ('condition', 'Good', 1), ('condition', 'Fair', 2), ('condition', 'Poor', 3), ('condition', 'Unacceptable', 4);
