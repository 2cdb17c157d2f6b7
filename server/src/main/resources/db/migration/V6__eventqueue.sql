-- The eventqueue module.
-- Items committed but not yet pushed to their tenant's Redis queue, in commit order. The relay
-- pushes them and deletes them; while Redis is down or a queue is at its cap, they wait here.
-- created_at (the committing transaction's start) lets the age of the oldest waiting item be
-- watched: it grows while Redis is down or a consumer does not drain.
CREATE TABLE queue_outbox (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  bigint      NOT NULL,
    queue      text        NOT NULL,
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX queue_outbox_tenant_seq ON queue_outbox (tenant_id, queue, seq);
