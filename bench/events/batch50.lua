-- POST /api/events with 50 events per request.
package.path = package.path .. ";./?.lua" -- run.sh runs wrk from this folder
require "report"
local events = {}
for i = 1, 50 do
  events[i] = string.format('{"type":"page_view","session_id":"s-%d","url":"https://shop.example/books/%d?ref=bench","event_sequence":%d,"data":{"price":12.5,"currency":"EUR"}}', i, i, i)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Host"] = os.getenv("BENCH_HOST")
wrk.body = '{"events":[' .. table.concat(events, ",") .. ']}'
function done(summary, latency, requests) report(summary, latency, "events, batches of 50", 50) end
