-- Event forwarding: a tenant's forwarders, each sending matching events to an external service.
CREATE TABLE forwarders (
    id             uuid        PRIMARY KEY,
    tenant_id      bigint      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    url            text        NOT NULL,
    method         text        NOT NULL DEFAULT 'POST',
    event_types    text[]      NOT NULL,
    -- request headers as a JSON object, AES-GCM encrypted (they often hold API keys)
    headers        text,
    -- body field -> event path, as a JSON object
    mapping        text        NOT NULL,
    success_status integer     NOT NULL DEFAULT 201,
    queue          text        NOT NULL DEFAULT 'default',
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX forwarders_tenant_id ON forwarders (tenant_id);
