-- Settles a failed job in one step: removes its reservation, records the failure and counts it.
-- One Redis only: a Cluster keeps these in other slots.
-- KEYS[1]       the job's queue's reserved zset
-- KEYS[2 .. 8]  finish.lua's KEYS[1 .. 7]
-- ARGV[1 .. 12] finish.lua's ARGV
-- ARGV[13]      the payload as it was reserved (the reservation to remove)
-- Returns {1 if the reservation was still held else 0, 1 if the record moved else 0}
--- @include record-finished
local held = redis.call('zrem', KEYS[1], ARGV[13])
return {held, record_finished(KEYS, 1, ARGV, 0)}
