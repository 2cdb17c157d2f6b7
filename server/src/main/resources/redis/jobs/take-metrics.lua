-- Reads and resets one metrics hash, so each snapshot covers the interval since the last one.
-- KEYS[1] the metrics hash
-- ARGV none
-- Returns {throughput, total runtime (microseconds), failed}
local current = redis.call('hmget', KEYS[1], 'throughput', 'runtime_us', 'failed')
redis.call('del', KEYS[1])
return {tonumber(current[1]) or 0, tonumber(current[2]) or 0, tonumber(current[3]) or 0}
