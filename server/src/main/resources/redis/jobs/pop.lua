-- Takes the next ready job and reserves it with a lease (Laravel's pop).
-- Payloads start with {"attempts":N,"timeout":S, (the engine writes them so), which lets the
-- attempt count be raised and the lease sized without decoding the whole payload.
-- KEYS[1] the queue's ready list, KEYS[2] its reserved zset, KEYS[3] its notify list
-- ARGV[1] now in epoch milliseconds, ARGV[2] lease margin in milliseconds
-- Returns {} when the queue is empty, else {payload, reserved payload, lease expiry}
local job = redis.call('lpop', KEYS[1])
if not job then
  return {}
end
local attempts, timeout, rest = string.match(job, '^{"attempts":(%d+),"timeout":(%d+),(.*)$')
if not attempts then
  -- Not ours to parse: reserve it unchanged so the worker can fail it.
  attempts, timeout, rest = 0, 0, nil
end
local reserved = job
if rest then
  reserved = '{"attempts":' .. (tonumber(attempts) + 1) .. ',"timeout":' .. timeout .. ',' .. rest
end
local expires = tonumber(ARGV[1]) + tonumber(timeout) * 1000 + tonumber(ARGV[2])
redis.call('zadd', KEYS[2], expires, reserved)
redis.call('lpop', KEYS[3])
return {job, reserved, tostring(expires)}
