-- The eventqueue module.
-- Items committed but not yet pushed to their tenant's Redis queue, in commit order. The relay
-- pushes them and deletes them; while Redis is down or a queue is at its cap, they wait here.
CREATE TABLE queue_outbox (
    seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id bigint NOT NULL,
    queue     text   NOT NULL,
    payload   text   NOT NULL
);
CREATE INDEX queue_outbox_tenant_seq ON queue_outbox (tenant_id, queue, seq);
