-- Records a finished job (completed or failed) and updates its queue's and type's metrics, at once.
-- KEYS[1] the job's record hash, KEYS[2] pending_jobs zset, KEYS[3] completed_jobs or failed_jobs
-- zset, KEYS[4] the queue's metrics hash, KEYS[5] the job type's metrics hash,
-- KEYS[6] measured_queues set, KEYS[7] measured_jobs set
-- ARGV[1] uuid, ARGV[2] status (completed|failed), ARGV[3] now (epoch ms), ARGV[4] reserved at
-- (epoch ms), ARGV[5] runtime (microseconds), ARGV[6] record time-to-live (s), ARGV[7] queue,
-- ARGV[8] job type, ARGV[9] exception ('' for none), ARGV[10] final payload
redis.call('hset', KEYS[1], 'status', ARGV[2], 'updated_at', ARGV[3], 'reserved_at', ARGV[4],
  ARGV[2] .. '_at', ARGV[3], 'payload', ARGV[10])
if ARGV[9] ~= '' then
  redis.call('hset', KEYS[1], 'exception', ARGV[9])
end
redis.call('expire', KEYS[1], ARGV[6])
redis.call('zrem', KEYS[2], ARGV[1])
redis.call('zadd', KEYS[3], ARGV[3], ARGV[1])
-- Horizon's counters, as increments (a snapshot divides the runtime by the throughput); a counter
-- that starts at 1 is the first of its hash since the last snapshot took it, when the hash's name
-- joins the measured set.
local function measure(key)
  if ARGV[2] == 'completed' then
    redis.call('hincrby', key, 'runtime_us', ARGV[5])
    return redis.call('hincrby', key, 'throughput', '1') == 1
  end
  return redis.call('hincrby', key, 'failed', '1') == 1
end
if measure(KEYS[4]) then
  redis.call('sadd', KEYS[6], ARGV[7])
end
if measure(KEYS[5]) then
  redis.call('sadd', KEYS[7], ARGV[8])
end
return 1
