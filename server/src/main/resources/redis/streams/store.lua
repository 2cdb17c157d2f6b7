-- Stores a tenant's committed events once, for every queue that takes them, as pulls answer them.
-- The events come as outbox rows, each holding one event or several; a row's text is the answers'
-- JSON of those of its events some queue takes, joined by ',', and its layout says which of its
-- events they are and how long each is ('index:length,...'). The rows not stored before go into
-- one string (a blob per call), and each row gets the reference of its first event, a number that
-- grows in the order rows are first stored (per tenant; a row of c events takes c numbers, one per
-- event in its order), so that a queue skips an event it took before by comparing with the last
-- one it took, and where its text starts in the blob. A row stored before (by a relay that died
-- before deleting it from the outbox) keeps all three, its layout too. The tenant forgets rows when
-- the outbox confirms their deletion, or a day after they were stored.
-- KEYS[1]  the tenant's relayed set: outbox seqs scored by their first reference
-- KEYS[2]  the tenant's relayed locations: outbox seq -> 'blob:offset|layout' of the row's text
-- KEYS[3]  the tenant's last reference given (a number, never reset)
-- KEYS[4]  this call's blob key (the tenant's slot), named by ARGV[2]
-- ARGV[1]  how long a blob is kept, in seconds (the queues' retention and a day)
-- ARGV[2]  this call's blob id (digits and dots)
-- ARGV[3 ..]  per row, four values: outbox seq, its number of events c, its text, its layout; the
--          blob holds the texts joined by ','
-- Returns per row, in the order given, its first reference and its text's location. A reference is
-- the storing time in ms times 1,000 plus a count within the ms, never lower than the one before:
-- the relayed set's scores are then times, and what is older than a day is dropped by score.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', (now - 86400000) * 1000),
  'LIMIT', 0, 1000)
if #old > 0 then
  redis.call('ZREM', KEYS[1], unpack(old))
  redis.call('HDEL', KEYS[2], unpack(old))
end
local last = tonumber(redis.call('GET', KEYS[3]) or '0')
local next = math.max(last + 1, now * 1000)
local k = (#ARGV - 2) / 4
local seqs = {}
for i = 1, k do
  seqs[i] = ARGV[4 * i - 1]
end
local known = redis.call('ZMSCORE', KEYS[1], unpack(seqs))
local locations = {}
for i = 1, k do
  if known[i] then
    locations = redis.call('HMGET', KEYS[2], unpack(seqs))
    break
  end
end
local reply = {}
local parts = {}
local scored = {}
local placed = {}
local offset = 0
for i = 1, k do
  -- (scores are printed as integers: a newer Redis prints a round double in exponent form)
  if known[i] and locations[i] and string.find(locations[i], '|', 1, true) then
    reply[2 * i - 1] = string.format('%d', tonumber(known[i]))
    reply[2 * i] = locations[i]
  else
    -- a row stored by the version that stored payloads only (its location has no layout) keeps
    -- its reference, so that a queue that took it then skips it now; its text is stored again
    local ref = known[i] and string.format('%d', tonumber(known[i])) or string.format('%d', next)
    if not known[i] then
      next = next + tonumber(ARGV[4 * i])
    end
    local text = ARGV[4 * i + 1]
    -- the blob's rows are joined by ',' as their events are, so a queue's run spans rows
    if #parts > 0 then
      offset = offset + 1
    end
    local location = ARGV[2] .. ':' .. offset .. '|' .. ARGV[4 * i + 2]
    offset = offset + #text
    parts[#parts + 1] = text
    scored[#scored + 1] = ref
    scored[#scored + 1] = seqs[i]
    placed[#placed + 1] = seqs[i]
    placed[#placed + 1] = location
    reply[2 * i - 1] = ref
    reply[2 * i] = location
  end
end
if #parts > 0 then
  redis.call('SET', KEYS[4], table.concat(parts, ','), 'EX', ARGV[1])
  redis.call('ZADD', KEYS[1], unpack(scored))
  redis.call('HSET', KEYS[2], unpack(placed))
  redis.call('SET', KEYS[3], string.format('%d', next - 1))
end
return reply
