-- A target that takes items in bulk (the subscription queues) gets one row per commit and tenant
-- holding all the items of that commit it takes, one per line: one row to write, read and delete
-- instead of one per item. items counts them; every other target's rows hold one.
ALTER TABLE outbox ADD COLUMN items integer NOT NULL DEFAULT 1;
