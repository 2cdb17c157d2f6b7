-- Sizes of one queue.
-- KEYS[1] ready list, KEYS[2] delayed zset, KEYS[3] reserved zset
-- ARGV none
-- Returns {ready, delayed, reserved, oldest ready payload or false}
return {redis.call('llen', KEYS[1]), redis.call('zcard', KEYS[2]), redis.call('zcard', KEYS[3]),
  redis.call('lindex', KEYS[1], 0)}
