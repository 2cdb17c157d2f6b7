-- The tracking module.
-- Tracked events, partitioned by month of the interaction time; partitions are created ahead by
-- the application (EventPartitions) and old ones detached, never deleted row by row.
CREATE TABLE events (
    id                 uuid        NOT NULL,
    tenant_id          bigint      NOT NULL,
    type               text        NOT NULL,
    session_id         text        NOT NULL,
    device_id          text,
    audience_member_id text,
    url                text,
    page_hostname      text,
    page_path          text,
    referer            text,
    page_title         text,
    content_type       text,
    content_id         text,
    publisher          text,
    object_type        text,
    object_id          text,
    context            jsonb,
    data               jsonb,
    event_sequence     integer,
    user_agent         text,
    ip_address         text,
    created_at         timestamptz NOT NULL,
    client_created_at  timestamptz,
    received_at        timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, created_at, id)
) PARTITION BY RANGE (created_at);

CREATE TABLE events_default PARTITION OF events DEFAULT;

-- Client-supplied event ids seen in the last 24 hours: a repeat is answered but not stored again.
CREATE TABLE event_client_ids (
    tenant_id   bigint      NOT NULL,
    id          uuid        NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX event_client_ids_received_at ON event_client_ids (received_at);

-- Each page view's engaged time, from the SDK's heartbeats (the latest beat wins).
CREATE TABLE page_engagements (
    tenant_id      bigint      NOT NULL,
    event_id       uuid        NOT NULL,
    active_seconds integer     NOT NULL,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, event_id)
);
