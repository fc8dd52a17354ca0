-- Customer-service conversations and their messages (see shopmind.Conversation).

CREATE TABLE conversations (
	id             TEXT PRIMARY KEY,
	user_id        TEXT NOT NULL,
	language       TEXT NOT NULL,
	status         TEXT NOT NULL,
	intent         TEXT NOT NULL,
	handoff_reason TEXT NOT NULL,
	handoff_at     INTEGER,           -- NULL unless handed off
	state          BLOB NOT NULL,     -- the assistant's dialogue state (JSON)
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL
);
CREATE INDEX conversations_status ON conversations (status, id);
CREATE INDEX conversations_user ON conversations (user_id, id);

CREATE TABLE messages (
	conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	seq             INTEGER NOT NULL,
	role            TEXT NOT NULL,
	author          TEXT NOT NULL,
	text            TEXT NOT NULL,
	intent          TEXT NOT NULL,
	confidence      REAL NOT NULL,
	slots           TEXT NOT NULL,     -- JSON object
	actions         TEXT NOT NULL,     -- JSON array of Action
	created_at      INTEGER NOT NULL,
	PRIMARY KEY (conversation_id, seq)
);
