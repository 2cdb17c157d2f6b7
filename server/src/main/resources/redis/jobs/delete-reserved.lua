-- Removes a finished job's reservation.
-- KEYS[1] the queue's reserved zset
-- ARGV[1] the reserved payload
-- Returns 1 when removed, 0 when the lease had already expired and the job was migrated
return redis.call('zrem', KEYS[1], ARGV[1])
