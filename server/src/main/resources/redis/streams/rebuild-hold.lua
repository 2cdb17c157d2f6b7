-- Starts rebuilding a subscription queue whose stream Redis lost (StreamRebuild): deletes what is
-- left of the stream (what the relay appended since the loss, which the rebuild reads again from
-- PostgreSQL in its place) and has the relay park what it brings (park.lua) instead of appending
-- it (append.lua) until rebuild-release.lua. A rebuild that takes over from one whose node died
-- keeps what was parked, and with it each tenant's last reference taken, unless Redis lost data of
-- the tenants' slots (the parked entries may name stored events that are gone); a new one starts
-- with neither, so that every event relayed from then on is taken, also one stored before the
-- loss.
-- The cursor starts again before the first event, at a version (the time in ms) that no
-- acknowledgement issued before fits.
-- KEYS[1]  the queue's stream
-- KEYS[2]  the queue's meta hash
-- KEYS[3]  the queue's cursor hash
-- KEYS[4]  the queue's tombstone
-- KEYS[5]  the queue's park
-- ARGV[1]  this rebuild's token
-- ARGV[2]  'fresh' to start with neither a park nor references even when taking over
-- Returns 0 when the queue was deleted (nothing is done), else 1.
if redis.call('EXISTS', KEYS[4]) == 1 then
  return 0
end
local time = redis.call('TIME')
local ms = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if redis.call('HEXISTS', KEYS[2], 'hold') == 1 and ARGV[2] ~= 'fresh' then
  redis.call('UNLINK', KEYS[1], KEYS[3])
else
  redis.call('UNLINK', KEYS[1], KEYS[2], KEYS[3], KEYS[5])
end
redis.call('HSET', KEYS[2], 'hold', ARGV[1], 'parks', '1', 'n', '0')
redis.call('HSET', KEYS[3], 'v', string.format('%d', ms))
return 1
