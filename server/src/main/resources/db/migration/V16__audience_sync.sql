-- The audience module, part two: member profiles read the events of one member, and audience
-- sync providers keep an external profile per member and provider.

-- Profiles (MemberActivity) read one member's events of one tenant.
CREATE INDEX events_tenant_member ON events (tenant_id, audience_member_id, created_at)
    WHERE audience_member_id IS NOT NULL;

-- A tenant's generic HTTP sync provider. The auth header's value is sealed (AES-256-GCM with
-- FORWARDING_KEY, as forwarders' headers are), never stored in the clear.
CREATE TABLE audience_sync_http_providers (
    tenant_id          bigint      PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    url                text        NOT NULL,
    auth_header_name   text,
    auth_header_sealed text,
    batch_size         integer     NOT NULL CHECK (batch_size BETWEEN 1 AND 500),
    enabled            boolean     NOT NULL DEFAULT true,
    updated_at         timestamptz NOT NULL
);

-- One run of one provider for one tenant: started by the scheduler's tick or audience:sync.
CREATE TABLE audience_sync_runs (
    id          uuid        PRIMARY KEY,
    tenant_id   bigint      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    provider    text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    members     integer     NOT NULL DEFAULT 0,
    failures    integer     NOT NULL DEFAULT 0,
    status      text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned'))
);
-- a provider's previous run still going is skipped, never doubled
CREATE UNIQUE INDEX audience_sync_runs_one_running ON audience_sync_runs (tenant_id, provider)
    WHERE status = 'running';
CREATE INDEX audience_sync_runs_tenant_started ON audience_sync_runs (tenant_id, started_at DESC, id);

-- The members of a run and where each stands. Each member has its job on audience-sync; a job
-- takes up to a batch of the run's waiting members (its own first) into one provider request.
CREATE TABLE audience_sync_run_members (
    run_id       uuid        NOT NULL REFERENCES audience_sync_runs (id) ON DELETE CASCADE,
    member_id    uuid        NOT NULL REFERENCES audience_members (id) ON DELETE CASCADE,
    state        text        NOT NULL CHECK (state IN ('waiting', 'taken', 'synced', 'failed')),
    -- requests that carried this member
    attempts     integer     NOT NULL DEFAULT 0,
    -- attempts of this member's own job: its last one failing fails what it took for good
    job_attempts integer     NOT NULL DEFAULT 0,
    taken_at     timestamptz,
    PRIMARY KEY (run_id, member_id)
);
CREATE INDEX audience_sync_run_members_waiting ON audience_sync_run_members (run_id)
    WHERE state IN ('waiting', 'taken');

-- What a provider answered for a member, and when.
CREATE TABLE audience_external_profiles (
    member_id uuid        NOT NULL REFERENCES audience_members (id) ON DELETE CASCADE,
    provider  text        NOT NULL,
    tenant_id bigint      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    profile   jsonb,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (member_id, provider)
);
