-- may_move(current, from): whether a record in status `current` may move to a status whose
-- allowed previous statuses are `from` (space-separated, as JobTransition sends them).
local function may_move(current, from)
  return current == from or string.find(' ' .. from .. ' ', ' ' .. current .. ' ', 1, true) ~= nil
end
