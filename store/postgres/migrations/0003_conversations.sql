-- Customer-service conversations and their messages (see shopmind.Conversation).

CREATE TABLE conversations (
	id             TEXT COLLATE "C" PRIMARY KEY,
	user_id        TEXT COLLATE "C" NOT NULL,
	language       TEXT NOT NULL,
	status         TEXT NOT NULL,
	intent         TEXT NOT NULL,
	handoff_reason TEXT NOT NULL,
	handoff_at     TIMESTAMPTZ,       -- NULL unless handed off
	state          BYTEA NOT NULL,    -- the assistant's dialogue state (JSON)
	created_at     TIMESTAMPTZ NOT NULL,
	updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX conversations_status ON conversations (status, id);
CREATE INDEX conversations_user ON conversations (user_id, id);

CREATE TABLE messages (
	conversation_id TEXT COLLATE "C" NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	seq             INTEGER NOT NULL,
	role            TEXT NOT NULL,
	author          TEXT NOT NULL,
	text            TEXT NOT NULL,
	intent          TEXT NOT NULL,
	confidence      DOUBLE PRECISION NOT NULL,
	slots           JSONB NOT NULL,
	actions         JSONB NOT NULL,
	created_at      TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (conversation_id, seq)
);
