-- Storeroom schema 6: emergency evacuation (ICCROM, "Endangered Heritage: Emergency Evacuation of Heritage
-- Collections"). An object's evacuation priority and the criteria behind it are fields of its record; an evacuation
-- is a plan (authorization, destination, team, route) with a list of objects and numbered boxes, which are movable
-- locations. Its chain of custody is history the catalogue already keeps: movements into a box, of the box to the
-- vehicle and to the destination, sightings at the destination, movements to the place there.

-- The object's evacuation priority (1 first) and the guidance's criteria for it; how to handle it.
ALTER TABLE objects ADD COLUMN evacuation_priority INTEGER CHECK (evacuation_priority IN (1, 2, 3));
ALTER TABLE objects ADD COLUMN significance TEXT CHECK (significance IN ('high', 'medium', 'low'));
ALTER TABLE objects ADD COLUMN vulnerability TEXT CHECK (vulnerability IN ('high', 'medium', 'low'));
ALTER TABLE objects ADD COLUMN ease_of_handling TEXT CHECK (ease_of_handling IN ('high', 'medium', 'low'));
ALTER TABLE objects ADD COLUMN handling_notes TEXT NOT NULL DEFAULT '';
CREATE INDEX objects_evacuation_priority ON objects (evacuation_priority) WHERE evacuation_priority IS NOT NULL;

-- Spectrum's movement method (the transport: "Van AB-123") and movement contact (who takes charge of the objects on
-- the way: the driver, the receiver), for a batch of moves.
ALTER TABLE batches ADD COLUMN method TEXT NOT NULL DEFAULT '';
ALTER TABLE batches ADD COLUMN contact TEXT NOT NULL DEFAULT '';

CREATE TABLE evacuations (
  id                    TEXT PRIMARY KEY,
  -- Short, and unique when it is made (copies merged later may bring the same one): the prefix of its boxes' codes.
  code                  TEXT NOT NULL COLLATE NOCASE,
  name                  TEXT NOT NULL,
  reason                TEXT NOT NULL CHECK (reason IN ('fire', 'flood', 'conflict', 'structural', 'other')),
  status                TEXT NOT NULL CHECK (status IN ('planned', 'under_way', 'completed', 'returning', 'returned')),
  -- The authorization: who gave it, when, for how many objects.
  authorized_by         TEXT NOT NULL DEFAULT '',
  authorized_at         TEXT,
  authorized_objects    INTEGER CHECK (authorized_objects >= 0),
  destination_name      TEXT NOT NULL DEFAULT '',
  destination_address   TEXT NOT NULL DEFAULT '',
  destination_latitude  REAL CHECK (destination_latitude BETWEEN -90 AND 90),
  destination_longitude REAL CHECK (destination_longitude BETWEEN -180 AND 180),
  -- JSON [{ role, name, contact }]: leader, documentation, packing, transport, reception.
  team                  TEXT NOT NULL DEFAULT '[]',
  route                 TEXT NOT NULL DEFAULT '',
  assembly_points       TEXT NOT NULL DEFAULT '',
  notes                 TEXT NOT NULL DEFAULT '',
  -- Where the boxes are packed, the vehicle on the way, where they go; where they come back to.
  packing_location_id     TEXT REFERENCES locations (id),
  transit_location_id     TEXT REFERENCES locations (id),
  destination_location_id TEXT REFERENCES locations (id),
  return_location_id      TEXT REFERENCES locations (id),
  started_at            TEXT,
  completed_at          TEXT,
  return_started_at     TEXT,
  returned_at           TEXT,
  -- Why it was closed with objects unaccounted for (out, then back).
  closing_note          TEXT NOT NULL DEFAULT '',
  return_closing_note   TEXT NOT NULL DEFAULT '',
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
) STRICT;
CREATE INDEX evacuations_code ON evacuations (code);

-- The objects an evacuation takes: its list, and the objects found on the way that were not on it.
CREATE TABLE evacuation_items (
  evacuation_id TEXT NOT NULL REFERENCES evacuations (id),
  object_id     TEXT NOT NULL REFERENCES objects (id),
  -- Not on the list: scanned while packing or receiving, and kept.
  found         INTEGER NOT NULL DEFAULT 0 CHECK (found IN (0, 1)),
  added_at      TEXT NOT NULL,
  person_id     TEXT REFERENCES people (id),
  -- Taken on the way back (it was at the destination when the return began).
  in_return     INTEGER NOT NULL DEFAULT 0 CHECK (in_return IN (0, 1)),
  -- Taken off the list (a tombstone: it can come back).
  removed       INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
  PRIMARY KEY (evacuation_id, object_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX evacuation_items_object ON evacuation_items (object_id);

-- The numbered boxes and crates of an evacuation: each a location, which moves with what it holds.
CREATE TABLE evacuation_boxes (
  location_id   TEXT PRIMARY KEY REFERENCES locations (id),
  evacuation_id TEXT NOT NULL REFERENCES evacuations (id),
  number        INTEGER NOT NULL CHECK (number >= 1),
  kind          TEXT NOT NULL CHECK (kind IN ('box', 'crate')),
  created_at    TEXT NOT NULL,
  person_id     TEXT REFERENCES people (id)
) STRICT;
-- A number is given once per evacuation where it is made; two copies may each make the same one, told apart by code.
CREATE INDEX evacuation_boxes_number ON evacuation_boxes (evacuation_id, number);
CREATE TRIGGER evacuation_boxes_no_update BEFORE UPDATE ON evacuation_boxes
BEGIN
  SELECT RAISE(ABORT, 'evacuation boxes are written once');
END;
CREATE TRIGGER evacuation_boxes_no_delete BEFORE DELETE ON evacuation_boxes
BEGIN
  SELECT RAISE(ABORT, 'evacuation boxes are written once');
END;
