-- The streams module: what PostgreSQL knows of each subscription queue's Redis stream, written
-- every few seconds, so that a stream Redis lost (a restart without persistence, a flush, a
-- failover to a replica that missed writes) is found and rebuilt from the events table.
--   generation     a random value the stream's meta hash holds too: gone or another, the stream
--                  was lost
--   appended       events the stream had taken: a stream that holds fewer lost some
--   acked_through  when the entry holding the last acknowledged event was appended (its id's
--                  time); null while nothing was acknowledged. A rebuild starts there.
--   rebuilt        how many of the stream's first events a rebuild restored: their entries' ids
--                  are the rebuild's time, not their receipt, so acked_through stays where that
--                  rebuild started until the consumer acknowledged past them
--   rebuilt_at     when the last rebuild was done: a loss found later, of a time before it, was
--                  already repaired
CREATE TABLE subscription_checkpoints (
    queue_code    uuid        PRIMARY KEY REFERENCES subscription_queues (code) ON DELETE CASCADE,
    generation    text        NOT NULL,
    appended      bigint      NOT NULL,
    acked_through timestamptz,
    rebuilt       bigint      NOT NULL DEFAULT 0,
    rebuilt_at    timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
