-- record_finished(keys, k, argv, a): records a finished attempt in Horizon's records and counts it
-- in its queue's and its job type's metrics. Its keys are keys[k + 1 .. k + 7] and its arguments
-- argv[a + 1 .. a + 12], in the order finish.lua lists them. The record moves to its new status
-- only from one of the statuses it may come from (or when it has expired); otherwise it is left as
-- it is, and the attempt is still counted.
-- Returns 1 when the record moved, 0 when it was left.
--- @include may-move

-- Raises one metrics hash's counter; true when the hash is new since the last snapshot took it.
local function measure(key, counter, runtime)
  if counter == 'throughput' then
    redis.call('hincrby', key, 'runtime_us', runtime)
  end
  return redis.call('hincrby', key, counter, '1') == 1
end

local function record_finished(keys, k, argv, a)
  local record, uuid, status, now = keys[k + 1], argv[a + 1], argv[a + 2], argv[a + 4]
  local current = redis.call('hget', record, 'status')
  local moved = 0
  if not current or may_move(current, argv[a + 3]) then
    redis.call('hset', record, 'status', status, 'updated_at', now, 'reserved_at', argv[a + 5],
      status .. '_at', now, 'payload', argv[a + 11])
    if argv[a + 10] ~= '' then
      redis.call('hset', record, 'exception', argv[a + 10])
    end
    redis.call('expire', record, argv[a + 7])
    redis.call('zrem', keys[k + 2], uuid)
    redis.call('zadd', keys[k + 3], now, uuid)
    moved = 1
  end
  local counter, runtime = argv[a + 12], argv[a + 6]
  if measure(keys[k + 4], counter, runtime) then
    redis.call('sadd', keys[k + 6], argv[a + 8])
  end
  if measure(keys[k + 5], counter, runtime) then
    redis.call('sadd', keys[k + 7], argv[a + 9])
  end
  return moved
end
