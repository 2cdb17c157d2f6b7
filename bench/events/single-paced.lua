-- POST /api/events with one event per request (single.lua's request), paced: each connection
-- waits BENCH_PACE_MS after an answer before its next request, so 64 connections send about
-- 64 / (pace + latency) requests a second (run.sh's phase at half the single-event target: 2,000
-- req/s). wrk measures from the send, so a stall longer than the pace is under-counted (closed
-- loop); the soak's open-loop generator counts it in full.
package.path = package.path .. ";./?.lua" -- run.sh runs wrk from this folder
require "single"
local pace = tonumber(os.getenv("BENCH_PACE_MS") or "25")
function delay() return pace end
function done(summary, latency, requests) report(summary, latency, "events, one per request, paced", 1) end
