-- Counts one request in a fixed window.
-- KEYS[1]  the window's counter (its name includes the window's start)
-- ARGV[1]  the window's length in milliseconds
-- Returns {requests counted in this window, milliseconds until the window ends}.
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return {count, redis.call('PTTL', KEYS[1])}
