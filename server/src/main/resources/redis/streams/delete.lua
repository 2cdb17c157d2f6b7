-- Deletes a subscription queue's keys and leaves its tombstone, so that a relay still routing to
-- it (its routes not yet reread) appends nothing (append.lua) and no key outlives the queue.
-- KEYS[1 .. #KEYS - 1]  the queue's keys
-- KEYS[#KEYS]  its tombstone
-- ARGV[1]  how long the tombstone is kept, in seconds
-- Returns how many keys were deleted.
local deleted = 0
for i = 1, #KEYS - 1 do
  deleted = deleted + redis.call('UNLINK', KEYS[i])
end
redis.call('SET', KEYS[#KEYS], '1', 'EX', ARGV[1])
return deleted
