-- The audience module's magic-link sign-in: one-time links mailed to members, and the RSA keys
-- that sign the members' JWTs (published at /.well-known/jwks.json on the tenant's hosts).

-- Only the SHA-256 of a link's secret (the allegro_token) is kept; a link works once, until it
-- expires.
CREATE TABLE audience_magic_links (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   bigint      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    member_id   uuid        NOT NULL REFERENCES audience_members (id) ON DELETE CASCADE,
    token_hash  char(64)    NOT NULL UNIQUE,
    return_url  text        NOT NULL,
    data        jsonb,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audience_magic_links_expires_at ON audience_magic_links (expires_at);

-- Each tenant's signing keys by kid. The current one (retired_at null) signs; a retired one is
-- still published until publish_until (its last token's expiry), then deleted. The private key is
-- AES-256-GCM sealed with AUDIENCE_KEY_SECRET when set (private_key_sealed).
CREATE TABLE audience_signing_keys (
    kid                 text        PRIMARY KEY,
    tenant_id           bigint      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    public_jwk          text        NOT NULL,
    private_key         text        NOT NULL,
    private_key_sealed  boolean     NOT NULL,
    created_at          timestamptz NOT NULL,
    retire_after        timestamptz NOT NULL,
    retired_at          timestamptz,
    publish_until       timestamptz
);
-- at most one current key per tenant
CREATE UNIQUE INDEX audience_signing_keys_current ON audience_signing_keys (tenant_id)
    WHERE retired_at IS NULL;
