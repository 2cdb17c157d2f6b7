-- Marks a job's record reserved, on a Redis Cluster, where pop.lua cannot reach it (another slot).
-- KEYS[1] the job's record hash
-- ARGV[1] now (epoch ms), ARGV[2] the reserved status, ARGV[3] the statuses the record may move
-- from to it (space-separated)
-- Returns 1 when the record moved, 0 when its status may not move there or it has expired (the end
-- of the attempt writes it again)
--- @include may-move
local current = redis.call('hget', KEYS[1], 'status')
if not current or not may_move(current, ARGV[3]) then
  return 0
end
redis.call('hset', KEYS[1], 'status', ARGV[2], 'reserved_at', ARGV[1], 'updated_at', ARGV[1])
return 1
