-- A target that takes items in bulk (the subscription queues) gets one row per commit and tenant
-- holding all the items of that commit it takes, one per line: one row to write, read and delete
-- instead of one per item. items counts them; every other target's rows hold one.
ALTER TABLE outbox ADD COLUMN items integer NOT NULL DEFAULT 1;
-- Such a row (20 KB and more) is compressed when stored: with lz4, several times cheaper to write
-- than the default where the server has it; a server built without lz4 keeps its default.
DO $$
BEGIN
  ALTER TABLE outbox ALTER COLUMN payload SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  RAISE NOTICE 'no lz4 on this server: the outbox keeps the default compression';
END
$$;
