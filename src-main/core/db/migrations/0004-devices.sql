-- Storeroom schema 4: the workshop's devices. A phone, tablet or laptop joins the catalogue's workshop with a one-time
-- code, as a person of the catalogue, and gets a token of its own; the server records each of its changes as that
-- person's, from that device (ops.device_id).
--
-- This is who may reach this installation of the catalogue, not the catalogue itself: it is not written as
-- operations, not replayed into another folder and not carried by sync bundles (a field copy has devices of its own).
-- Only a hash of each token is kept (SHA-256, hex); the token itself lives in the device's cookie. A revoked device
-- keeps its row, so the list says who had access and when it ended; its changes stay in the log.
CREATE TABLE devices (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  role         TEXT NOT NULL CHECK (role IN ('coordinator', 'member')),
  person_id    TEXT REFERENCES people (id),
  token_hash   TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  joined_at    TEXT NOT NULL,
  last_seen_at TEXT,
  revoked_at   TEXT,
  -- The person at the catalogue's own app who revoked it, when known.
  revoked_by   TEXT REFERENCES people (id)
) STRICT;

-- The workshop's list counts each device's changes.
CREATE INDEX ops_device ON ops (device_id);
