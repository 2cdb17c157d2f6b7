-- Moves what the relay parked while a rebuild (StreamRebuild) held the queue to its stream, after
-- what the rebuild restored, a step at a time so that no call blocks Redis for long; the relay
-- may park more meanwhile, which rebuild-release.lua moves last.
-- KEYS[1]  the queue's stream
-- KEYS[2]  the queue's meta hash
-- KEYS[3]  the queue's park
-- KEYS[4]  the queue's tombstone
-- ARGV[1]  the rebuild's token
-- ARGV[2]  how many entries to move at most
-- Returns how many entries the park keeps, or -1 when the queue was deleted or another rebuild
-- took it over (nothing is moved).
--- @include unpark
if redis.call('EXISTS', KEYS[4]) == 1 or redis.call('HGET', KEYS[2], 'hold') ~= ARGV[1] then
  return -1
end
return unpark(KEYS[1], KEYS[2], KEYS[3], tonumber(ARGV[2]))
