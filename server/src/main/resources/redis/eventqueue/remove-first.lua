-- Removes exactly `count` items from the front of a queue in one step; with an expected id, only
-- when the count-th item from the front carries it, so a retried DELETE never removes unread items.
-- KEYS[1]  the queue (list)
-- ARGV[1]  count (>= 1)
-- ARGV[2]  the expected id of the count-th item, or '' to remove unconditionally
-- ARGV[3]  the item's id field: 'id' for events, 'event_id' for heartbeats
-- Returns 1 when removed, 0 when the count-th item is missing or has another id.
local count = tonumber(ARGV[1])
if ARGV[2] ~= '' then
  local item = redis.call('LINDEX', KEYS[1], count - 1)
  if not item then
    return 0
  end
  local ok, decoded = pcall(cjson.decode, item)
  if not ok or type(decoded) ~= 'table' or tostring(decoded[ARGV[3]]) ~= ARGV[2] then
    return 0
  end
end
redis.call('LTRIM', KEYS[1], count, -1)
return 1
