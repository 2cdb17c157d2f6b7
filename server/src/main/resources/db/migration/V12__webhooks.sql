-- The webhooks module: a tenant's endpoints, each delivery made to one (an event or a ping) and
-- every attempt of it.
CREATE TABLE webhook_endpoints (
    id                     uuid        PRIMARY KEY,
    tenant_id              bigint      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    url                    text        NOT NULL,
    event_types            text[]      NOT NULL,
    description            text,
    active                 boolean     NOT NULL DEFAULT true,
    secret                 text        NOT NULL,
    -- after a rotation the old secret still signs until it expires
    previous_secret        text,
    previous_secret_until  timestamptz,
    -- when the endpoint began failing every attempt; NULL while it answers
    failing_since          timestamptz,
    failure_count          integer     NOT NULL DEFAULT 0,
    disabled_reason        text,
    created_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_tenant_id ON webhook_endpoints (tenant_id);

CREATE TABLE webhook_deliveries (
    id           uuid        PRIMARY KEY,
    endpoint_id  uuid        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id     uuid        NOT NULL,
    event_type   text        NOT NULL,
    -- the outbox row it came from: a relay that runs a row again makes no second delivery
    outbox_seq   bigint,
    payload      text        NOT NULL,
    status       text        NOT NULL DEFAULT 'pending',
    dispatched   boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (endpoint_id, outbox_seq)
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC);
CREATE INDEX webhook_deliveries_created_at ON webhook_deliveries (created_at);
CREATE INDEX webhook_deliveries_undispatched ON webhook_deliveries (endpoint_id) WHERE NOT dispatched;

CREATE TABLE webhook_attempts (
    delivery_id  uuid        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt      integer     NOT NULL,
    status_code  integer,
    duration_ms  integer     NOT NULL,
    error        text,
    body         text,
    attempted_at timestamptz NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
