-- The audience module: a tenant's members (the events' audience_member_id) and the foreign keys
-- that tie a member to the tenant's other systems.
CREATE TABLE audience_members (
    id                 uuid        PRIMARY KEY,
    tenant_id          bigint      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email              text        NOT NULL,
    name               text,
    email_verified_at  timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    last_seen_at       timestamptz,
    deleted_at         timestamptz
);
-- one member per email and tenant, whatever the letter case
CREATE UNIQUE INDEX audience_members_tenant_email ON audience_members (tenant_id, lower(email));
CREATE INDEX audience_members_tenant_created ON audience_members (tenant_id, created_at DESC, id DESC);

CREATE TABLE audience_member_foreign_keys (
    member_id  uuid   NOT NULL REFERENCES audience_members (id) ON DELETE CASCADE,
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    key        text   NOT NULL,
    value      text   NOT NULL,
    PRIMARY KEY (member_id, key),
    -- a (key, value) pair names one member of the tenant
    UNIQUE (tenant_id, key, value)
);
