-- Drops a subscription queue's events appended before a time, acknowledged or not.
-- KEYS[1]  the queue's stream
-- ARGV[1]  the time, in milliseconds since the epoch: the stream's ids are the append times
-- Returns how many events were dropped.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
return redis.call('XTRIM', KEYS[1], 'MINID', ARGV[1] .. '-0')
