-- Takes the next ready job of the first non-empty queue, in the order given, reserves it with a
-- lease (Laravel's pop, over several queues at once when they share a Redis) and marks its record
-- reserved. The record's key is made from ARGV[3]: one Redis only; on a Cluster ARGV[3] is ''.
-- KEYS per queue, in priority order: its ready list, its reserved zset, its notify list
-- ARGV[1] now (epoch ms), ARGV[2] lease margin (ms), ARGV[3] the prefix of job record keys, or '',
-- ARGV[4] the reserved status, ARGV[5] the statuses a record may move from to it (space-separated)
-- Returns {} when every queue is empty, else {queue position (1-based), reserved payload (attempts
-- raised), lease expiry (epoch ms)}
--- @include reserve
return {reserve(KEYS, 0, ARGV, 0)}
