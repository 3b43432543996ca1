-- Storeroom schema 2, for reading the catalogue at a past time quickly: an object remembers when its latest
-- movement happened, so "where was it at T" is read from the object itself whenever T is after that movement,
-- without a seek in the movements index; and condition checks are indexed in the order they supersede each other.

-- Derived: when the latest movement (by time, then id) happened, kept by the trigger below.
ALTER TABLE objects ADD COLUMN moved_at TEXT;

UPDATE objects SET moved_at = (SELECT max(m.at) FROM movements m WHERE m.object_id = objects.id);
-- The current location is the destination of the latest movement by time, as history reads it.
UPDATE objects SET location_id = (SELECT m.to_location_id FROM movements m WHERE m.object_id = objects.id ORDER BY m.at DESC, m.id DESC LIMIT 1)
WHERE moved_at IS NOT NULL
  AND location_id IS NOT (SELECT m.to_location_id FROM movements m WHERE m.object_id = objects.id ORDER BY m.at DESC, m.id DESC LIMIT 1);

-- A movement recorded with an earlier time than the object's latest (a clock set back) enters history but does
-- not change where the object is now. Ids are time-ordered, so among movements at the same time the last wins.
DROP TRIGGER movements_set_location;
CREATE TRIGGER movements_set_location AFTER INSERT ON movements
BEGIN
  UPDATE objects SET location_id = NEW.to_location_id, moved_at = NEW.at, last_seen_at = max(coalesce(last_seen_at, ''), NEW.at)
  WHERE id = NEW.object_id AND (moved_at IS NULL OR moved_at <= NEW.at);
END;

-- Covers "what was this object's condition at time T": its checks in the order they supersede each other (the
-- latest assessment, then the latest recorded), with their terms, read from the index alone.
DROP INDEX condition_checks_object;
CREATE INDEX condition_checks_object ON condition_checks (object_id, assessed_on, at, id, term);
