-- Initial schema. Times are INTEGER microseconds since the Unix epoch (UTC);
-- maps and slices are JSON text, "null" for a nil map or slice.

CREATE TABLE items (
	id            TEXT PRIMARY KEY,
	title         TEXT NOT NULL,
	description   TEXT NOT NULL,
	category      TEXT NOT NULL,     -- JSON array
	category_path TEXT NOT NULL,     -- category levels joined by "/", for prefix filters
	brand         TEXT NOT NULL,
	price         REAL NOT NULL,
	currency      TEXT NOT NULL,
	attributes    TEXT NOT NULL,     -- JSON object
	tags          TEXT NOT NULL,     -- JSON array
	stock         INTEGER NOT NULL,
	images        TEXT NOT NULL,     -- JSON array
	active        INTEGER NOT NULL,
	search        TEXT NOT NULL,     -- lower-cased id, title and brand for ItemFilter.Query
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL
);
CREATE INDEX items_category_path ON items (category_path);
CREATE INDEX items_brand ON items (brand);

CREATE TABLE users (
	id         TEXT PRIMARY KEY,
	attributes TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

-- Personal data lives apart so it can be erased; it goes with its user.
CREATE TABLE user_personal (
	user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	email   TEXT NOT NULL,
	name    TEXT NOT NULL,
	phone   TEXT NOT NULL,
	address TEXT NOT NULL
);

-- seq is the rowid: appends stay at the end of the table b-tree, which keeps
-- bulk loads fast, while id stays unique for deduplication.
CREATE TABLE events (
	seq               INTEGER PRIMARY KEY,
	id                TEXT NOT NULL UNIQUE,
	user_id           TEXT NOT NULL,
	item_id           TEXT NOT NULL,
	type              TEXT NOT NULL,
	value             REAL NOT NULL,
	time              INTEGER NOT NULL,
	session_id        TEXT NOT NULL,
	recommendation_id TEXT NOT NULL
);
CREATE INDEX events_time ON events (time, id);
CREATE INDEX events_user ON events (user_id, time);
CREATE INDEX events_item ON events (item_id, time);

CREATE TABLE orders (
	id         TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL,
	status     TEXT NOT NULL,
	currency   TEXT NOT NULL,
	total      REAL NOT NULL,
	lines      TEXT NOT NULL,        -- JSON array of OrderLine
	history    TEXT NOT NULL,        -- JSON array of StatusChange
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX orders_user ON orders (user_id, id);
CREATE INDEX orders_status ON orders (status, id);

CREATE TABLE reviews (
	id         TEXT PRIMARY KEY,
	item_id    TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	rating     INTEGER NOT NULL,
	title      TEXT NOT NULL,
	text       TEXT NOT NULL,
	language   TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX reviews_item ON reviews (item_id, id);
CREATE INDEX reviews_user ON reviews (user_id, id);

CREATE TABLE images (
	hash       TEXT PRIMARY KEY,
	format     TEXT NOT NULL,
	width      INTEGER NOT NULL,
	height     INTEGER NOT NULL,
	size       INTEGER NOT NULL,
	data       BLOB NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE TABLE models (
	name        TEXT NOT NULL,
	version     INTEGER NOT NULL,
	config_hash TEXT NOT NULL,
	data        BLOB NOT NULL,
	metrics     TEXT NOT NULL,       -- JSON object
	created_at  INTEGER NOT NULL,
	PRIMARY KEY (name, version)
);

CREATE TABLE api_keys (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	role       TEXT NOT NULL,
	hash       TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	last_used  INTEGER               -- NULL until first use
);
CREATE INDEX api_keys_created ON api_keys (created_at, id);
