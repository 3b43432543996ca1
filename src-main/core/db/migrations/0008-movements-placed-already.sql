-- Storeroom schema 8: a movement that finds its object already where, and as of when, it says (an import writes its
-- new objects with the place and time of their first movement) leaves the object's row as it is, rather than writing
-- the same values again: an import of 100,000 objects no longer rewrites each of them once more.
DROP TRIGGER movements_set_location;
CREATE TRIGGER movements_set_location AFTER INSERT ON movements
WHEN NOT EXISTS (
  SELECT 1 FROM objects
  WHERE id = NEW.object_id AND location_id IS NEW.to_location_id AND moved_at = NEW.at AND last_seen_at >= NEW.at
)
BEGIN
  UPDATE objects SET location_id = NEW.to_location_id, moved_at = NEW.at, last_seen_at = max(coalesce(last_seen_at, ''), NEW.at)
  WHERE id = NEW.object_id
    AND (moved_at IS NULL OR moved_at < NEW.at
      OR (moved_at = NEW.at AND NOT EXISTS (SELECT 1 FROM movements m WHERE m.object_id = NEW.object_id AND m.at = NEW.at AND m.id > NEW.id)));
END;
