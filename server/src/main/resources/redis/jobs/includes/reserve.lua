-- reserve(keys, k, argv, a): takes the next ready job of the first non-empty queue among
-- keys[k + 1 ..], three keys per queue in priority order (its ready list, reserved zset and notify
-- list), and reserves it with a lease: now + the job's timeout + the margin.
-- Its arguments are argv[a + 1] now (epoch ms), argv[a + 2] lease margin (ms), argv[a + 3] the
-- prefix of job record keys ('' to leave records alone: on a Redis Cluster they live in another
-- slot and are marked by a call of their own), argv[a + 4] the reserved status, argv[a + 5] the
-- statuses a record may move from to it (space-separated). A record that has expired is left
-- missing: the end of the attempt writes it again.
-- Payloads start with {"attempts":N,"timeout":S,"uuid":"U", (PayloadHeader writes them so), which
-- lets the attempt count be raised, the lease sized and the record found without decoding.
-- Returns nothing when every queue is empty, else the queue's position (1-based), the reserved
-- payload (attempts raised) and the lease expiry.
--- @include may-move

local function reserve(keys, k, argv, a)
  for first = k + 1, #keys, 3 do
    local job = redis.call('lpop', keys[first])
    if job then
      local now = argv[a + 1]
      local attempts, timeout, rest = string.match(job, '^{"attempts":(%d+),"timeout":(%d+),(.*)$')
      local reserved = job
      if rest then
        reserved = string.format('{"attempts":%d,"timeout":%s,%s', attempts + 1, timeout, rest)
      else
        -- not ours to parse: reserved unchanged, for the worker to fail it
        timeout = 0
      end
      -- formatted as an integer: Lua's own number-to-string conversion is a costly %.14g
      local expires = string.format('%d', now + timeout * 1000 + argv[a + 2])
      redis.call('zadd', keys[first + 1], expires, reserved)
      redis.call('lpop', keys[first + 2])
      local uuid = rest and string.match(rest, '^"uuid":"([0-9a-f-]+)"')
      if uuid and argv[a + 3] ~= '' then
        local record = argv[a + 3] .. uuid
        local current = redis.call('hget', record, 'status')
        if current and may_move(current, argv[a + 5]) then
          redis.call('hset', record, 'status', argv[a + 4], 'reserved_at', now, 'updated_at', now)
        end
      end
      return (first - k + 2) / 3, reserved, expires
    end
  end
end
