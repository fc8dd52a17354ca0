-- The keys personal data is sealed with (privacy/seal). Every write that
-- seals records its key's id here in the same transaction, and re-sealing
-- (key rotation) leaves only the new key, so the table names every key the
-- store's sealed values need. Start-up compares it with the configured key.
CREATE TABLE data_keys (
	key_id     text COLLATE "C" PRIMARY KEY,
	created_at timestamptz NOT NULL
);

-- Message slots and actions may hold what a shopper typed; they are sealed
-- as text (the JSON inside the seal), which jsonb cannot hold.
ALTER TABLE messages ALTER COLUMN slots TYPE text USING slots::text,
	ALTER COLUMN actions TYPE text USING actions::text;
