-- Records a finished job (completed or failed) and updates its queue's and type's metrics, at once.
-- KEYS[1] the job's record hash, KEYS[2] pending_jobs zset, KEYS[3] completed_jobs or failed_jobs
-- zset, KEYS[4] the queue's metrics hash, KEYS[5] the job type's metrics hash,
-- KEYS[6] measured_queues set, KEYS[7] measured_jobs set
-- ARGV[1] uuid, ARGV[2] status (completed|failed), ARGV[3] now (epoch ms), ARGV[4] reserved at
-- (epoch ms), ARGV[5] runtime (ms), ARGV[6] record time-to-live (s), ARGV[7] queue, ARGV[8] job
-- type, ARGV[9] exception ('' for none), ARGV[10] final payload
redis.call('hset', KEYS[1], 'status', ARGV[2], 'updated_at', ARGV[3], 'reserved_at', ARGV[4],
  ARGV[2] .. '_at', ARGV[3], 'payload', ARGV[10])
if ARGV[9] ~= '' then
  redis.call('hset', KEYS[1], 'exception', ARGV[9])
end
redis.call('expire', KEYS[1], ARGV[6])
redis.call('zrem', KEYS[2], ARGV[1])
redis.call('zadd', KEYS[3], ARGV[3], ARGV[1])
-- Horizon's running average and counters; answers whether the hash is new (first job measured
-- since the last snapshot took it), when its name joins the measured set.
local function measure(key)
  local current = redis.call('hmget', key, 'throughput', 'runtime', 'failed')
  local throughput = tonumber(current[1]) or 0
  if ARGV[2] == 'completed' then
    local runtime = tonumber(current[2]) or 0
    redis.call('hset', key, 'throughput', throughput + 1,
      'runtime', ((runtime * throughput) + tonumber(ARGV[5])) / (throughput + 1))
  else
    redis.call('hincrby', key, 'failed', 1)
  end
  return not current[1] and not current[3]
end
if measure(KEYS[4]) then
  redis.call('sadd', KEYS[6], ARGV[7])
end
if measure(KEYS[5]) then
  redis.call('sadd', KEYS[7], ARGV[8])
end
return 1
