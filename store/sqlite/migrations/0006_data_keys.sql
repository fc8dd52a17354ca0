-- The keys personal data is sealed with (privacy/seal). Every write that
-- seals records its key's id here in the same transaction, and re-sealing
-- (key rotation) leaves only the new key, so the table names every key the
-- store's sealed values need. Start-up compares it with the configured key.
CREATE TABLE data_keys (
	key_id     TEXT PRIMARY KEY,
	created_at INTEGER NOT NULL
);
