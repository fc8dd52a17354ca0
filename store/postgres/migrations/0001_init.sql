-- Initial schema. Ids and other keys use the "C" collation so they sort and
-- compare byte by byte, as in Go and in the SQLite store; cursors rely on it.
-- Maps and slices are jsonb, JSON null for a nil map or slice.

CREATE TABLE items (
	id            text COLLATE "C" PRIMARY KEY,
	title         text NOT NULL,
	description   text NOT NULL,
	category      jsonb NOT NULL,
	category_path text COLLATE "C" NOT NULL,  -- category levels joined by "/", for prefix filters
	brand         text NOT NULL,
	price         double precision NOT NULL,
	currency      text NOT NULL,
	attributes    jsonb NOT NULL,
	tags          jsonb NOT NULL,
	stock         bigint NOT NULL,
	images        jsonb NOT NULL,
	active        boolean NOT NULL,
	search        text NOT NULL,              -- lower-cased id, title and brand for ItemFilter.Query
	created_at    timestamptz NOT NULL,
	updated_at    timestamptz NOT NULL
);
CREATE INDEX items_category_path ON items (category_path);
CREATE INDEX items_brand ON items (brand);

CREATE TABLE users (
	id         text COLLATE "C" PRIMARY KEY,
	attributes jsonb NOT NULL,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);

-- Personal data lives apart so it can be erased; it goes with its user.
CREATE TABLE user_personal (
	user_id text COLLATE "C" PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	email   text NOT NULL,
	name    text NOT NULL,
	phone   text NOT NULL,
	address text NOT NULL
);

CREATE TABLE events (
	seq               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id                text COLLATE "C" NOT NULL UNIQUE,
	user_id           text COLLATE "C" NOT NULL,
	item_id           text COLLATE "C" NOT NULL,
	type              text NOT NULL,
	value             double precision NOT NULL,
	time              timestamptz NOT NULL,
	session_id        text NOT NULL,
	recommendation_id text NOT NULL
);
CREATE INDEX events_time ON events (time, id);
CREATE INDEX events_user ON events (user_id, time);
CREATE INDEX events_item ON events (item_id, time);

CREATE TABLE orders (
	id         text COLLATE "C" PRIMARY KEY,
	user_id    text COLLATE "C" NOT NULL,
	status     text NOT NULL,
	currency   text NOT NULL,
	total      double precision NOT NULL,
	lines      jsonb NOT NULL,
	history    jsonb NOT NULL,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX orders_user ON orders (user_id, id);
CREATE INDEX orders_status ON orders (status, id);

CREATE TABLE reviews (
	id         text COLLATE "C" PRIMARY KEY,
	item_id    text COLLATE "C" NOT NULL,
	user_id    text COLLATE "C" NOT NULL,
	rating     integer NOT NULL,
	title      text NOT NULL,
	text       text NOT NULL,
	language   text NOT NULL,
	created_at timestamptz NOT NULL
);
CREATE INDEX reviews_item ON reviews (item_id, id);
CREATE INDEX reviews_user ON reviews (user_id, id);

CREATE TABLE images (
	hash       text COLLATE "C" PRIMARY KEY,
	format     text NOT NULL,
	width      integer NOT NULL,
	height     integer NOT NULL,
	size       bigint NOT NULL,
	data       bytea NOT NULL,
	created_at timestamptz NOT NULL
);

CREATE TABLE models (
	name        text COLLATE "C" NOT NULL,
	version     integer NOT NULL,
	config_hash text NOT NULL,
	data        bytea NOT NULL,
	metrics     jsonb NOT NULL,
	created_at  timestamptz NOT NULL,
	PRIMARY KEY (name, version)
);

CREATE TABLE api_keys (
	id         text COLLATE "C" PRIMARY KEY,
	name       text NOT NULL,
	role       text NOT NULL,
	hash       text COLLATE "C" NOT NULL UNIQUE,
	created_at timestamptz NOT NULL,
	last_used  timestamptz               -- NULL until first use
);
CREATE INDEX api_keys_created ON api_keys (created_at, id);
