-- Publishable API keys (role "publishable") are accepted only from the web
-- origins listed here, space-separated and normalised
-- ("https://shop.example http://localhost:3000"); other keys have none.
ALTER TABLE api_keys ADD COLUMN origins TEXT NOT NULL DEFAULT '';
