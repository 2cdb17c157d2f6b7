-- A target that takes items in bulk (the subscription queues) gets one row per commit and tenant
-- holding all the items of that commit it takes, one per line: one row to write, read and delete
-- instead of one per item. items counts them; every other target's rows hold one.
ALTER TABLE outbox ADD COLUMN items integer NOT NULL DEFAULT 1;
-- Such a row is larger than a page's share, so its payload is kept out of line: uncompressed, as
-- the relay reads it once and deletes it (compressing it would cost the commit more than it saves).
ALTER TABLE outbox ALTER COLUMN payload SET STORAGE EXTERNAL;
