-- Removes `count` items (all, when fewer) from the front of a queue in one step; with an expected
-- id, only when the count-th item from the front carries it, so a retried DELETE never removes
-- unread items.
-- KEYS[1]  the queue (list)
-- ARGV[1]  count (>= 1, up to 2^63-1), as decimal digits
-- ARGV[2]  the expected id of the count-th item, or '' to remove unconditionally
-- ARGV[3]  the item's id field: 'id' for events, 'event_id' for heartbeats
-- Returns how many items it removed (fewer than count when the queue is shorter), or -1 when the
-- count-th item is missing or has another id and nothing was removed.
-- Lua numbers are doubles: a count above 2^53 would reach Redis as a float it refuses, so the
-- count goes to LTRIM as the client's digits, and is compared as a number only with the length.
if ARGV[2] ~= '' then
  local length = redis.call('LLEN', KEYS[1])
  if tonumber(ARGV[1]) > length then
    return -1
  end
  local item = redis.call('LINDEX', KEYS[1], tonumber(ARGV[1]) - 1)
  if not item then
    return -1
  end
  local ok, decoded = pcall(cjson.decode, item)
  if not ok or type(decoded) ~= 'table' or tostring(decoded[ARGV[3]]) ~= ARGV[2] then
    return -1
  end
end
local before = redis.call('LLEN', KEYS[1])
redis.call('LTRIM', KEYS[1], ARGV[1], -1)
return before - redis.call('LLEN', KEYS[1])
