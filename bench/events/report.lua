-- Shared by the wrk scripts: prints items/s and latency percentiles in one line.
-- Each script sets `items` (per request) and `label` before `done` runs.
function report(summary, latency, label, items)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("%-26s %9.0f %s/s  %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d\n",
    label, summary.requests * items / seconds, items == 1 and "req" or "events",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
