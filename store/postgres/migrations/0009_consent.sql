-- Users' consent (see shopmind.Consent): the purposes a user refused. Keyed
-- by user id alone, without a foreign key, because a storefront may record
-- a visitor's choice before the user exists. The partial indexes list the
-- (few) users who refuse each purpose.
CREATE TABLE consents (
	user_id            TEXT PRIMARY KEY,
	no_personalisation BOOLEAN NOT NULL,
	no_marketing       BOOLEAN NOT NULL,
	updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX consents_no_personalisation ON consents (user_id) WHERE no_personalisation;
CREATE INDEX consents_no_marketing ON consents (user_id) WHERE no_marketing;
