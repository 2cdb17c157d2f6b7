-- When each outbox item was committed, so that the age of the oldest waiting item can be watched:
-- it grows while Redis is down or a consumer does not drain. now() is the committing
-- transaction's start; existing rows get the time of this migration.
ALTER TABLE queue_outbox ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
