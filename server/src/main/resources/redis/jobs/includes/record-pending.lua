-- record_pending(keys, k, argv, a): records jobs as pending in Horizon's records: dispatched,
-- released for a retry, or queued again after failing. Its keys are keys[k + 1] recent_jobs,
-- keys[k + 2] pending_jobs, keys[k + 3 ..] each job's record hash; its arguments argv[a + 1] now
-- (epoch ms), argv[a + 2] record time-to-live (s), argv[a + 3] queue, argv[a + 4] the statuses an
-- existing record may move from (space-separated; '' for none), argv[a + 5] the pending status,
-- then per job five: uuid, job type, payload, pushed at (epoch ms), exception ('' for none).
-- A record that exists in a status it may not move from keeps its status and outcome: on a Redis
-- Cluster a worker may finish a job before its dispatch was recorded. A failed record queued again
-- keeps when that happened (retried_at).
-- Returns the number of jobs.
--- @include may-move
local function record_pending(keys, k, argv, a)
  local now, ttl, queue, from, status = argv[a + 1], argv[a + 2], argv[a + 3], argv[a + 4], argv[a + 5]
  local jobs = #keys - k - 2
  for i = 1, jobs do
    local at = a + 5 + (i - 1) * 5
    local uuid, name, payload, pushed, exception = argv[at + 1], argv[at + 2], argv[at + 3],
      argv[at + 4], argv[at + 5]
    local key = keys[k + 2 + i]
    redis.call('zadd', keys[k + 1], now, uuid)
    local current = redis.call('hget', key, 'status')
    if not current or may_move(current, from) then
      redis.call('hset', key, 'id', uuid, 'connection', 'redis', 'queue', queue, 'name', name,
        'status', status, 'payload', payload, 'created_at', pushed, 'updated_at', now)
      if exception ~= '' then
        redis.call('hset', key, 'exception', exception)
      end
      if current == 'failed' then
        redis.call('hset', key, 'retried_at', now)
      end
      redis.call('expire', key, ttl)
      redis.call('zadd', keys[k + 2], now, uuid)
    else
      redis.call('hset', key, 'id', uuid, 'connection', 'redis', 'queue', queue, 'name', name,
        'created_at', pushed)
    end
  end
  return jobs
end

-- The payloads of the jobs record_pending(keys, k, argv, a) records, in order.
local function pending_payloads(keys, k, argv, a)
  local payloads = {}
  for i = 1, #keys - k - 2 do
    payloads[i] = argv[a + 5 + (i - 1) * 5 + 3]
  end
  return payloads
end
