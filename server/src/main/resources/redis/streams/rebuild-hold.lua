-- Starts rebuilding a subscription queue whose stream Redis lost (StreamRebuild): deletes what is
-- left of the stream (what the relay appended since the loss, which the rebuild reads again from
-- PostgreSQL in its place) and holds the relay's appends (append.lua) until rebuild-release.lua.
-- The cursor starts again before the first event, at a version (the time in ms) that no
-- acknowledgement issued before fits.
-- KEYS[1]  the queue's stream
-- KEYS[2]  the queue's meta hash
-- KEYS[3]  the queue's cursor hash
-- KEYS[4]  the queue's tombstone
-- ARGV[1]  this rebuild's token
-- Returns 0 when the queue was deleted (nothing is done), else 1.
if redis.call('EXISTS', KEYS[4]) == 1 then
  return 0
end
local time = redis.call('TIME')
local ms = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('UNLINK', KEYS[1], KEYS[2], KEYS[3])
redis.call('HSET', KEYS[2], 'hold', ARGV[1], 'n', '0')
redis.call('HSET', KEYS[3], 'v', string.format('%d', ms))
return 1
