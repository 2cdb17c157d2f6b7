-- Empties a tenant's queue before it is rebuilt from the outbox, and keeps the rebuild's mark.
-- KEYS[1]  the queue (list)
-- KEYS[2]  its set of outbox seqs pushed but not yet confirmed delivered
-- KEYS[3]  its mark
-- ARGV[1]  the rebuild's relay pass number
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('SET', KEYS[3], ARGV[1])
return 1
