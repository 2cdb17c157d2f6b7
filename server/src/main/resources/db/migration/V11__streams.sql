-- The streams module: apps, their installs on tenants, their subscription queues and the
-- queues' subscriptions to tenants' event types. The events themselves live in Redis Streams.

CREATE TABLE apps (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL UNIQUE,
    -- 'public' (any tenant may install it) or 'in-house' (belongs to tenant_id)
    type       text        NOT NULL CHECK (type IN ('public', 'in-house')),
    tenant_id  bigint      REFERENCES tenants (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((type = 'in-house') = (tenant_id IS NOT NULL))
);

CREATE TABLE app_installs (
    app_id     bigint      NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    tenant_id  bigint      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (app_id, tenant_id)
);
CREATE INDEX app_installs_tenant_id ON app_installs (tenant_id);

CREATE TABLE subscription_queues (
    code       uuid        PRIMARY KEY,
    app_id     bigint      NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscription_queues_app_id ON subscription_queues (app_id);

CREATE TABLE queue_subscriptions (
    code       uuid        PRIMARY KEY,
    queue_code uuid        NOT NULL REFERENCES subscription_queues (code) ON DELETE CASCADE,
    tenant_id  bigint      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    event_type text        NOT NULL,
    active     boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX queue_subscriptions_queue ON queue_subscriptions (queue_code);
CREATE INDEX queue_subscriptions_tenant_active ON queue_subscriptions (tenant_id) WHERE active;
