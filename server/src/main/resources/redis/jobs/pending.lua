-- Records dispatched jobs as pending (Horizon's job records), in one step.
-- A worker may finish a job before its pending record is written (on a Redis Cluster the push and
-- this script run on different nodes): a record that already exists then keeps its status.
-- KEYS[1] recent_jobs zset, KEYS[2] pending_jobs zset, KEYS[3..] each job's record hash
-- ARGV[1] now (epoch ms), ARGV[2] record time-to-live (s), ARGV[3] queue, ARGV[4] 'again' to make
-- existing records pending again (a retried job), then per job: uuid, job type, payload, pushed at
local now, ttl, queue, again = ARGV[1], ARGV[2], ARGV[3], ARGV[4] == 'again'
for i = 3, #KEYS do
  local at = 5 + (i - 3) * 4
  local uuid, name, payload, pushed = ARGV[at], ARGV[at + 1], ARGV[at + 2], ARGV[at + 3]
  local key = KEYS[i]
  redis.call('zadd', KEYS[1], now, uuid)
  if again or redis.call('exists', key) == 0 then
    redis.call('hset', key, 'id', uuid, 'connection', 'redis', 'queue', queue, 'name', name,
      'status', 'pending', 'payload', payload, 'created_at', pushed, 'updated_at', now)
    redis.call('expire', key, ttl)
    redis.call('zadd', KEYS[2], now, uuid)
  else
    redis.call('hset', key, 'id', uuid, 'connection', 'redis', 'queue', queue, 'name', name,
      'created_at', pushed)
  end
end
return #KEYS - 2
