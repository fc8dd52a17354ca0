-- A counter that every change to the catalog moves, whoever makes it (the
-- API, an import, another process): serve re-reads its catalogs (the
-- recommendation filters, the assistant's) only when it moved, not every
-- minute. Triggers, not the store's code, so that no writer is missed; an
-- upsert that changes nothing updates no row and moves nothing, and the
-- search index's own columns are left out.
CREATE TABLE catalog_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 1);
CREATE TRIGGER items_insert_version AFTER INSERT ON items
BEGIN
	UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER items_update_version AFTER UPDATE OF title, description, category, brand, price, currency,
	attributes, tags, stock, images, active, created_at ON items
BEGIN
	UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER items_delete_version AFTER DELETE ON items
BEGIN
	UPDATE catalog_version SET version = version + 1 WHERE id = 1;
END;
