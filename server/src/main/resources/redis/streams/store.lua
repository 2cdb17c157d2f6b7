-- Stores the payloads of a tenant's committed events once, for every queue that takes them, and
-- gives each outbox row its reference: a number that grows in the order rows are first stored
-- (per tenant), so that a queue skips a row it took before by comparing with the last one it
-- took. A row stored before (by a relay that died before deleting it from the outbox) keeps its
-- reference and payload; the relayed set forgets rows when the outbox confirms their deletion, or
-- a day after they were stored.
-- KEYS[1]  the tenant's relayed set: outbox seqs scored by their reference
-- KEYS[2]  the tenant's last reference given (a number, never reset)
-- KEYS[3 ..]  per event, its payload key (the tenant's slot, by event id)
-- ARGV[1]  how long a payload is kept, in seconds (the queues' retention and a day)
-- ARGV[2 ..]  per event, two values: outbox seq, payload (the event's JSON)
-- Returns each event's reference, in the order given. A reference is the storing time in ms times
-- 1,000 plus a count within the ms, never lower than the one before: the relayed set's scores
-- are then times, and what is older than a day is dropped by score.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', (now - 86400000) * 1000))
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local next = math.max(last + 1, now * 1000)
local k = #KEYS - 2
local seqs = {}
for i = 1, k do
  seqs[i] = ARGV[2 * i]
end
local known = redis.call('ZMSCORE', KEYS[1], unpack(seqs))
local refs = {}
local added = {}
for i = 1, k do
  if known[i] then
    refs[i] = known[i]
  else
    refs[i] = string.format('%d', next)
    added[#added + 1] = refs[i]
    added[#added + 1] = seqs[i]
    redis.call('SET', KEYS[2 + i], ARGV[2 * i + 1], 'EX', ARGV[1])
    next = next + 1
  end
end
if #added > 0 then
  redis.call('ZADD', KEYS[1], unpack(added))
  redis.call('SET', KEYS[2], string.format('%d', next - 1))
end
return refs
