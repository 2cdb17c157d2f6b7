-- Ends a rebuild (StreamRebuild): the relay appends to the queue again, first what waited in the
-- outbox meanwhile. Each tenant's last reference taken is left unset, so that every waiting event
-- is appended, also one stored before the loss.
-- KEYS[1]  the queue's meta hash
-- ARGV[1]  the rebuild's token
-- ARGV[2]  the stream's new generation
-- Returns the number of events the rebuilt stream holds, or -1 when the rebuild no longer held it.
if redis.call('HGET', KEYS[1], 'hold') ~= ARGV[1] then
  return -1
end
redis.call('HDEL', KEYS[1], 'hold')
redis.call('HSET', KEYS[1], 'g', ARGV[2])
return tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
