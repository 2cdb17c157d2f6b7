-- Pushes outbox items onto a tenant's queue in the order given, each at most once, up to the cap.
-- KEYS[1]  the queue (list)
-- KEYS[2]  set of outbox seqs pushed but not yet confirmed deleted from the outbox
-- ARGV[1]  the queue's cap (items)
-- ARGV[2]  n, the number of items
-- ARGV[3 .. 2+n]      the items' outbox seqs, ascending
-- ARGV[3+n .. 2+2n]   the items' JSON payloads
-- Returns how many leading items are now on the queue (pushed now, or by an earlier run whose
-- outbox delete did not happen); the rest wait for room.
local n = tonumber(ARGV[2])
local room = tonumber(ARGV[1]) - redis.call('LLEN', KEYS[1])
local handled = 0
local batch = {}
local seqs = {}
for i = 1, n do
  local seq = ARGV[2 + i]
  if redis.call('SISMEMBER', KEYS[2], seq) == 0 then
    if room <= 0 then
      break
    end
    batch[#batch + 1] = ARGV[2 + n + i]
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
return handled
