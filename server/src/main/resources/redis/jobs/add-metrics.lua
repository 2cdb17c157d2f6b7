-- Adds what a node counted since its last flush to Horizon's metrics hashes (a snapshot reads and
-- resets them, and divides the runtime by the throughput), and names each hash in its measured set.
-- KEYS[1] measured_queues set, KEYS[2] measured_jobs set, KEYS[3 ..] one metrics hash each
-- ARGV per hash, five: 'queue' or 'job', the queue or job type it measures, jobs completed, their
-- total runtime (microseconds), jobs failed
-- Returns the number of hashes
for i = 3, #KEYS do
  local at = (i - 3) * 5
  local key, completed, runtime, failed = KEYS[i], ARGV[at + 3], ARGV[at + 4], ARGV[at + 5]
  if completed ~= '0' then
    redis.call('hincrby', key, 'throughput', completed)
    redis.call('hincrby', key, 'runtime_us', runtime)
  end
  if failed ~= '0' then
    redis.call('hincrby', key, 'failed', failed)
  end
  redis.call('sadd', ARGV[at + 1] == 'queue' and KEYS[1] or KEYS[2], ARGV[at + 2])
end
return #KEYS - 2
