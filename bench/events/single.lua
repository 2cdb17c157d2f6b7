-- POST /api/events with one event per request.
package.path = package.path .. ";./?.lua" -- run.sh runs wrk from this folder
require "report"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Host"] = os.getenv("BENCH_HOST")
wrk.body = '{"type":"page_view","session_id":"s-1","url":"https://shop.example/books/1?ref=bench","event_sequence":1,"data":{"price":12.5,"currency":"EUR"}}'
function done(summary, latency, requests) report(summary, latency, "events, one per request", 1) end
