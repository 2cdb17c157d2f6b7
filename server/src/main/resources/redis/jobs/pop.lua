-- Takes the next ready job of the first non-empty queue, in the order given, and reserves it with
-- a lease (Laravel's pop, over several queues at once when they may share a script: one Redis).
-- Payloads start with {"attempts":N,"timeout":S, (the engine writes them so), which lets the
-- attempt count be raised and the lease sized without decoding the whole payload.
-- KEYS per queue, in priority order: its ready list, its reserved zset, its notify list
-- ARGV[1] now in epoch milliseconds, ARGV[2] lease margin in milliseconds
-- Returns {} when every queue is empty, else {queue position (1-based), reserved payload (attempts
-- raised), lease expiry}
for first = 1, #KEYS, 3 do
  local job = redis.call('lpop', KEYS[first])
  if job then
    local attempts, timeout, rest = string.match(job, '^{"attempts":(%d+),"timeout":(%d+),(.*)$')
    if not attempts then
      -- Not ours to parse: reserve it unchanged so the worker can fail it.
      attempts, timeout, rest = 0, 0, nil
    end
    local reserved = job
    if rest then
      reserved = string.format('{"attempts":%d,"timeout":%s,%s', attempts + 1, timeout, rest)
    end
    -- formatted as an integer: Lua's own number-to-string conversion is a costly %.14g
    local expires = string.format('%d', ARGV[1] + timeout * 1000 + ARGV[2])
    redis.call('zadd', KEYS[first + 1], expires, reserved)
    redis.call('lpop', KEYS[first + 2])
    return {(first + 2) / 3, reserved, expires}
  end
end
return {}
