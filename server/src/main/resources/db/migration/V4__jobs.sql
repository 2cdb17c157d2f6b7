-- The jobs module: jobs that exhausted their tries, timed out on their last try, or had no
-- handler (Laravel's table).

CREATE TABLE failed_jobs (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid       uuid        NOT NULL UNIQUE,
    connection text        NOT NULL,
    queue      text        NOT NULL,
    payload    text        NOT NULL,
    exception  text        NOT NULL,
    failed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX failed_jobs_failed_at ON failed_jobs (failed_at DESC);
