-- The auth module: users, their membership of tenants and their API tokens.

CREATE TABLE users (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email             text        NOT NULL UNIQUE,
    name              text        NOT NULL,
    email_verified_at timestamptz,
    is_super_admin    boolean     NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tenant_user (
    tenant_id  bigint      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX tenant_user_user_id ON tenant_user (user_id);

-- As Laravel Sanctum keeps them: `token` holds only the SHA-256 hex of the secret part.
CREATE TABLE personal_access_tokens (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tokenable_type text        NOT NULL DEFAULT 'user',
    tokenable_id   bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name           text        NOT NULL,
    token          char(64)    NOT NULL UNIQUE,
    abilities      text[]      NOT NULL,
    last_used_at   timestamptz,
    expires_at     timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX personal_access_tokens_tokenable ON personal_access_tokens (tokenable_type, tokenable_id);
