-- Storeroom schema 9: an operation's effects keep the rows it made as values under column names given once
-- ({"made": [...], "effects": [...]}, see core/ops/effects.ts), no longer as one JSON object per row. Nothing in the
-- tables changes, and effects kept the earlier way are still read; the version tells Storeroom releases that read
-- effects only the earlier way that this catalogue is newer than they are, so that they refuse it rather than
-- misread it.
SELECT 1;
