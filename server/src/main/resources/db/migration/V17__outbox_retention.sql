-- Redis is not the source of truth: rows a retaining target (the Event and Heartbeat Queues) took
-- stay in the outbox, marked with the relay pass that delivered them, until the queue's consumer
-- removed them. When Redis loses a queue (a restart without persistence, a failover that dropped
-- acknowledged writes), the queue is rebuilt from these rows.
ALTER TABLE outbox ADD COLUMN delivered bigint;

-- Relay passes, numbered in the order they ran; a pass's rows went to the store in seq order.
CREATE SEQUENCE outbox_delivery;

DROP INDEX outbox_tenant_target_seq;
CREATE INDEX outbox_waiting ON outbox (tenant_id, target, seq) WHERE delivered IS NULL;
CREATE INDEX outbox_delivered ON outbox (tenant_id, target, delivered, seq)
    WHERE delivered IS NOT NULL;

-- Per tenant and retaining target: the last pass the store confirmed holding (the store keeps
-- the same number; one below it lost writes), how many delivered items the consumer removed
-- whose rows are not deleted yet (a removal may come before its rows are marked delivered), and
-- whether a rebuild of the store began and did not finish (its node died: it is done again).
CREATE TABLE outbox_marks (
    tenant_id  bigint  NOT NULL,
    target     text    NOT NULL,
    delivered  bigint  NOT NULL DEFAULT 0,
    consumed   bigint  NOT NULL DEFAULT 0,
    rebuilding boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, target)
);
