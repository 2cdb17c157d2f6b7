-- The dashboard module: what staff did through the dashboard (retries, deletions, pauses,
-- monitored tags), who did it and when.
CREATE TABLE dashboard_audit (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor      text        NOT NULL,
    action     text        NOT NULL,
    jobs       text[]      NOT NULL DEFAULT '{}',
    detail     text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dashboard_audit_created_at ON dashboard_audit (created_at DESC);
