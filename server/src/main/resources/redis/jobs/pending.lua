-- Records jobs as pending in Horizon's records (dispatched, released for a retry, or queued again
-- after failing), in one step. On a Redis Cluster it is sent beside the push, which lives in
-- another slot.
-- KEYS[1] recent_jobs zset, KEYS[2] pending_jobs zset, KEYS[3 ..] each job's record hash
-- ARGV[1] now (epoch ms), ARGV[2] record time-to-live (s), ARGV[3] queue, ARGV[4] the statuses an
-- existing record may move from (space-separated; '' for none), ARGV[5] the pending status,
-- then per job five: uuid, job type, payload, pushed at (epoch ms), exception ('' for none)
-- Returns the number of jobs
--- @include record-pending
return record_pending(KEYS, 0, ARGV, 0)
