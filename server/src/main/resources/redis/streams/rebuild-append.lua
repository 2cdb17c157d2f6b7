-- Appends one entry of a rebuild (StreamRebuild) to the queue it holds: a tenant's events, stored
-- in its slot as the relay stores them (store.lua).
-- KEYS[1]  the queue's stream
-- KEYS[2]  the queue's meta hash
-- KEYS[3]  the queue's tombstone
-- ARGV[1]  the rebuild's token
-- ARGV[2]  the tenant's id
-- ARGV[3]  the number of events, c
-- ARGV[4]  where they are, as append.lua takes them: 'blob:offset:length,length,...'
-- Returns the number of events appended so far, or -1 when the queue was deleted or another
-- rebuild took it over (nothing is appended).
if redis.call('EXISTS', KEYS[3]) == 1 or redis.call('HGET', KEYS[2], 'hold') ~= ARGV[1] then
  return -1
end
local n = tonumber(redis.call('HGET', KEYS[2], 'n') or '0') + tonumber(ARGV[3])
redis.call('XADD', KEYS[1], '*', 'n', n, 'c', ARGV[3], 't', ARGV[2], 'els', ARGV[4])
redis.call('HSET', KEYS[2], 'n', n)
return n
