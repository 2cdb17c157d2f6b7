-- Settles a completed job and reserves the worker's next one, in one step (BullMQ's moveToFinished
-- with its fetch-next flag): removes the reservation, records the completion, then pops the next
-- job of the worker's queues and marks its record reserved. One Redis only: on a Cluster the
-- records live in another slot than the queues.
-- KEYS[1]        the finished job's queue's reserved zset
-- KEYS[2 .. 4]   finish.lua's KEYS[1 .. 3]
-- KEYS[5 ..]     pop.lua's KEYS (three per queue, in priority order); none to take no next job
-- ARGV[1 .. 8]   finish.lua's ARGV; ARGV[8], the payload, is also the reservation to remove
-- ARGV[9 .. 13]  pop.lua's ARGV
-- Returns {1 if the reservation was still held else 0, 1 if the record moved else 0}, followed by
-- pop.lua's answer when a next job was reserved
--- @include record-finished
--- @include reserve
local held = redis.call('zrem', KEYS[1], ARGV[8])
local recorded = record_finished(KEYS, 1, ARGV, 0)
return {held, recorded, reserve(KEYS, 4, ARGV, 8)}
