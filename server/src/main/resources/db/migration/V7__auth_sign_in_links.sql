-- The auth module: one-time sign-in links mailed to staff for the /horizon dashboard. Only the
-- SHA-256 of a link's secret is kept; a link works once, until it expires.
CREATE TABLE sign_in_links (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash char(64)    NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_links_expires_at ON sign_in_links (expires_at);
