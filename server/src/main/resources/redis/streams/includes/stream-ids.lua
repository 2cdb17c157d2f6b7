-- Stream ids ('<ms>-<seq>') compared and stepped back, and an entry's field by name. An entry
-- holds events numbered n - c + 1 .. n of its queue (an entry without 'c' holds one).
local function parse_id(id)
  local ms, sq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(sq)
end
local function id_before(a, b)
  local am, as = parse_id(a)
  local bm, bs = parse_id(b)
  return am < bm or (am == bm and as < bs)
end
-- The greatest id before `id`, so that an exclusive range from it starts at `id`.
local function id_prev(id)
  local ms, sq = string.match(id, '^(%d+)-(%d+)$')
  if tonumber(sq) > 0 then
    return ms .. '-' .. (tonumber(sq) - 1)
  end
  return string.format('%d', tonumber(ms) - 1) .. '-18446744073709551615'
end
local function entry_field(fields, name)
  for i = 1, #fields, 2 do
    if fields[i] == name then
      return fields[i + 1]
    end
  end
  return nil
end
-- The number of the entry's last event, and of the event before its first.
local function entry_range(fields)
  local n = tonumber(entry_field(fields, 'n'))
  return n, n - tonumber(entry_field(fields, 'c') or '1')
end
