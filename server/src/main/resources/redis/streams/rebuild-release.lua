-- Ends a rebuild (StreamRebuild): moves what is left in the park (park.lua, after
-- rebuild-unpark.lua moved most of it) to the stream, and the relay appends to the queue again,
-- first what waited in the outbox meanwhile.
-- KEYS[1]  the queue's stream
-- KEYS[2]  the queue's meta hash
-- KEYS[3]  the queue's park
-- ARGV[1]  the rebuild's token
-- ARGV[2]  the stream's new generation
-- Returns the number of events the rebuilt stream holds, or -1 when the rebuild no longer held it.
--- @include unpark
if redis.call('HGET', KEYS[2], 'hold') ~= ARGV[1] then
  return -1
end
while unpark(KEYS[1], KEYS[2], KEYS[3], 1000) > 0 do
end
redis.call('DEL', KEYS[3])
redis.call('HDEL', KEYS[2], 'hold', 'parks')
redis.call('HSET', KEYS[2], 'g', ARGV[2])
return tonumber(redis.call('HGET', KEYS[2], 'n') or '0')
