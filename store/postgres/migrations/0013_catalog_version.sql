-- A counter that every change to the catalog moves, whoever makes it (the
-- API, an import, another process): serve re-reads its catalogs (the
-- recommendation filters, the assistant's) only when it moved, not every
-- minute. A trigger, not the store's code, so that no writer is missed. It
-- is transactional: a reader sees the new version only once the change it
-- counts is visible. Statement-level, so a batch of items moves it once
-- (an upsert that changes nothing may move it too: one needless re-read).
CREATE TABLE catalog_version (
	id      integer PRIMARY KEY CHECK (id = 1),
	version bigint NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 1);
CREATE FUNCTION bump_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE catalog_version SET version = version + 1 WHERE id = 1;
	RETURN NULL;
END
$$;
CREATE TRIGGER items_catalog_version AFTER INSERT OR DELETE OR TRUNCATE ON items
	FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
CREATE TRIGGER items_catalog_version_update AFTER UPDATE OF title, description, category, brand, price, currency,
	attributes, tags, stock, images, active, created_at ON items
	FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();
