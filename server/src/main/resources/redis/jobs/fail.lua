-- Settles a failed job in one step: removes its reservation and records the failure. One Redis
-- only: a Cluster keeps these in other slots.
-- KEYS[1]       the job's queue's reserved zset
-- KEYS[2 .. 4]  finish.lua's KEYS[1 .. 3]
-- ARGV[1 .. 8]  finish.lua's ARGV
-- ARGV[9]       the payload as it was reserved (the reservation to remove)
-- Returns {1 if the reservation was still held else 0, 1 if the record moved else 0}
--- @include record-finished
local held = redis.call('zrem', KEYS[1], ARGV[9])
return {held, record_finished(KEYS, 1, ARGV, 0)}
