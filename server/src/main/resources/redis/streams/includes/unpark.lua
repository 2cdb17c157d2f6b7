--- @include stream-ids
-- Moves the oldest entries of a queue's park (park.lua) to its stream, in the order they were
-- parked, each numbered after what the stream holds; returns how many entries the park keeps.
local function unpark(stream, meta, park, limit)
  local entries = redis.call('XRANGE', park, '-', '+', 'COUNT', limit)
  if #entries > 0 then
    local n = tonumber(redis.call('HGET', meta, 'n') or '0')
    local moved = {}
    for i, entry in ipairs(entries) do
      local c = entry_field(entry[2], 'c')
      n = n + tonumber(c)
      redis.call('XADD', stream, '*', 'n', n, 'c', c, 't', entry_field(entry[2], 't'),
        'els', entry_field(entry[2], 'els'))
      moved[i] = entry[1]
    end
    redis.call('HSET', meta, 'n', n)
    redis.call('XDEL', park, unpack(moved))
  end
  return redis.call('XLEN', park)
end
