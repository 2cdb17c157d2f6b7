-- When a delivery's job was queued: after Redis lost everything, the pending deliveries queued
-- before it restarted get a new job; those queued since keep theirs.
ALTER TABLE webhook_deliveries ADD COLUMN dispatched_at timestamptz;
