-- Storeroom schema 1: people, locations, objects, movements and the change log.

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
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (parent_id IS NULL OR parent_id <> id)
) STRICT;
CREATE INDEX locations_parent ON locations (parent_id);

CREATE TABLE objects (
  id          TEXT PRIMARY KEY,
  number      TEXT,
  temp_number TEXT UNIQUE,
  name        TEXT NOT NULL,
  count       INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
  description TEXT NOT NULL DEFAULT '',
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

CREATE TABLE movements (
  id               TEXT PRIMARY KEY,
  object_id        TEXT NOT NULL REFERENCES objects (id),
  from_location_id TEXT REFERENCES locations (id),
  to_location_id   TEXT NOT NULL REFERENCES locations (id),
  at               TEXT NOT NULL,
  person_id        TEXT REFERENCES people (id),
  reason           TEXT NOT NULL,
  reference        TEXT NOT NULL,
  note             TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX movements_object ON movements (object_id, at, id);
CREATE INDEX movements_reference ON movements (reference);
CREATE INDEX movements_at ON movements (at);

-- An object's current location is the destination of its latest movement.
CREATE TRIGGER movements_set_location AFTER INSERT ON movements
BEGIN
  UPDATE objects SET location_id = NEW.to_location_id WHERE id = NEW.object_id;
END;

-- History is never rewritten: an undo is a new movement back.
CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements
BEGIN
  SELECT RAISE(ABORT, 'movements are append-only');
END;
CREATE TRIGGER movements_no_delete BEFORE DELETE ON movements
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
  number, temp_number, name, description,
  content = 'objects', content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
CREATE TRIGGER objects_fts_insert AFTER INSERT ON objects
BEGIN
  INSERT INTO objects_fts (rowid, number, temp_number, name, description)
  VALUES (NEW.rowid, NEW.number, NEW.temp_number, NEW.name, NEW.description);
END;
CREATE TRIGGER objects_fts_delete AFTER DELETE ON objects
BEGIN
  INSERT INTO objects_fts (objects_fts, rowid, number, temp_number, name, description)
  VALUES ('delete', OLD.rowid, OLD.number, OLD.temp_number, OLD.name, OLD.description);
END;
CREATE TRIGGER objects_fts_update AFTER UPDATE OF number, temp_number, name, description ON objects
BEGIN
  INSERT INTO objects_fts (objects_fts, rowid, number, temp_number, name, description)
  VALUES ('delete', OLD.rowid, OLD.number, OLD.temp_number, OLD.name, OLD.description);
  INSERT INTO objects_fts (rowid, number, temp_number, name, description)
  VALUES (NEW.rowid, NEW.number, NEW.temp_number, NEW.name, NEW.description);
END;
