-- Records a finished attempt (completed or failed) in Horizon's records.
-- KEYS[1] the job's record hash, KEYS[2] pending_jobs zset, KEYS[3] completed_jobs or failed_jobs
-- zset
-- ARGV[1] uuid, ARGV[2] the status to record, ARGV[3] the statuses the record may move from
-- (space-separated), ARGV[4] now (epoch ms), ARGV[5] reserved at (epoch ms), ARGV[6] record
-- time-to-live (s), ARGV[7] exception ('' for none), ARGV[8] the payload as it stands now
-- Returns 1 when the record moved to the status, 0 when its status may not move there
--- @include record-finished
return record_finished(KEYS, 0, ARGV, 0)
