-- The features module: per-tenant feature values, as Laravel Pennant stores them; no row means the
-- feature's default.
CREATE TABLE features (
    name       text        NOT NULL,
    tenant_id  bigint      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    active     boolean     NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, tenant_id)
);
CREATE INDEX features_tenant_id ON features (tenant_id);
