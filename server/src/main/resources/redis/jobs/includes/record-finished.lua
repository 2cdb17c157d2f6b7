-- record_finished(keys, k, argv, a): records a finished attempt in Horizon's records. Its keys are
-- keys[k + 1 .. k + 3] and its arguments argv[a + 1 .. a + 8], in the order finish.lua lists them.
-- The record moves to its new status only from one of the statuses it may come from (or when it
-- has expired); otherwise it is left as it is.
-- Returns 1 when the record moved, 0 when it was left.
--- @include may-move
local function record_finished(keys, k, argv, a)
  local record, uuid, status, now = keys[k + 1], argv[a + 1], argv[a + 2], argv[a + 4]
  local current = redis.call('hget', record, 'status')
  if current and not may_move(current, argv[a + 3]) then
    return 0
  end
  redis.call('hset', record, 'status', status, 'updated_at', now, 'reserved_at', argv[a + 5],
    status .. '_at', now, 'payload', argv[a + 8])
  if argv[a + 7] ~= '' then
    redis.call('hset', record, 'exception', argv[a + 7])
  end
  redis.call('expire', record, argv[a + 6])
  redis.call('zrem', keys[k + 2], uuid)
  redis.call('zadd', keys[k + 3], now, uuid)
  return 1
end
