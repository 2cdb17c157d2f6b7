-- Pushes outbox items onto a tenant's queue in the order given, each at most once, up to the cap,
-- and keeps the relay pass's number as the queue's mark, unless the queue lost writes.
-- KEYS[1]  the queue (list)
-- KEYS[2]  set of outbox seqs pushed but not yet confirmed delivered in the outbox
-- KEYS[3]  the queue's mark: the number of the last relay pass it holds
-- ARGV[1]  the queue's cap (items)
-- ARGV[2]  n, the number of items
-- ARGV[3]  the mark PostgreSQL recorded last: a queue whose mark is below it lost writes
-- ARGV[4]  this pass's number, kept as the mark once an item is handled (0: keep the mark)
-- ARGV[5 .. 4+n]      the items' outbox seqs, ascending
-- ARGV[5+n .. 4+2n]   the items' JSON payloads
-- Returns how many leading items are now on the queue (pushed now, or by an earlier run whose
-- outbox update did not happen); the rest wait for room. Returns -1, pushing nothing, when the
-- queue lost writes: the caller rebuilds it.
local n = tonumber(ARGV[2])
local mark = tonumber(redis.call('GET', KEYS[3]) or '0')
if mark < tonumber(ARGV[3]) then
  return -1
end
local room = tonumber(ARGV[1]) - redis.call('LLEN', KEYS[1])
local handled = 0
local batch = {}
local seqs = {}
for i = 1, n do
  local seq = ARGV[4 + i]
  if redis.call('SISMEMBER', KEYS[2], seq) == 0 then
    if room <= 0 then
      break
    end
    batch[#batch + 1] = ARGV[4 + n + i]
    seqs[#seqs + 1] = seq
    room = room - 1
  end
  handled = i
end
if #batch > 0 then
  redis.call('RPUSH', KEYS[1], unpack(batch))
  redis.call('SADD', KEYS[2], unpack(seqs))
  redis.call('PEXPIRE', KEYS[2], 604800000)
end
if handled > 0 and tonumber(ARGV[4]) > mark then
  redis.call('SET', KEYS[3], ARGV[4])
end
return handled
