-- POST /api/heartbeat, a different page view per request.
package.path = package.path .. ";./?.lua" -- run.sh runs wrk from this folder
require "report"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Host"] = os.getenv("BENCH_HOST")
local n = 0
function request()
  n = n + 1
  local id = string.format("%08x-0000-7000-8000-%012x", math.random(0, 0x7fffffff), n)
  return wrk.format(nil, nil, nil, '{"event_id":"' .. id .. '","active_seconds":15}')
end
function done(summary, latency, requests) report(summary, latency, "heartbeats", 1) end
