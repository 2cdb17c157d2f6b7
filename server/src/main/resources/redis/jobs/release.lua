-- Gives a reserved job back: ready now, or delayed until a time.
-- KEYS[1] ready list, KEYS[2] delayed zset, KEYS[3] reserved zset, KEYS[4] notify list
-- ARGV[1] the reserved payload, ARGV[2] the payload to queue again, ARGV[3] available-at in epoch
-- milliseconds (0 = ready now)
-- Returns 0 when the reservation was gone (its lease expired and it was migrated), else 1
if redis.call('zrem', KEYS[3], ARGV[1]) == 0 then
  return 0
end
if tonumber(ARGV[3]) <= 0 then
  redis.call('rpush', KEYS[1], ARGV[2])
  redis.call('rpush', KEYS[4], 1)
else
  redis.call('zadd', KEYS[2], ARGV[3], ARGV[2])
end
return 1
