-- The outbox module: committed items not yet taken by their target (the Event Queue, the
-- Heartbeat Queue, ...), in commit order, one row per item and target. The relay hands them on
-- and deletes them; while a target is down or full, they wait here. created_at (the committing
-- transaction's start) lets the age of the oldest waiting row be watched.
CREATE TABLE outbox (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  bigint      NOT NULL,
    target     text        NOT NULL,
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_tenant_target_seq ON outbox (tenant_id, target, seq);
