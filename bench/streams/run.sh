#!/usr/bin/env bash
# The subscription-queue benchmark (issue 13), run by hand, never in `mvn verify`:
#   bench/streams/run.sh [seconds-per-ingestion-phase=15] [pulls=200] [drain=1000000]
# Needs PostgreSQL's server binaries and redis-server (bench/lib/servers.sh starts private ones for
# the run and deletes them after), wrk (apt-get install -y wrk), and the jar built. In one run:
#  1. batched ingestion (wrk, batches of 50, 64 connections) for a tenant no queue takes, then for
#     a tenant whose events 10 queues take (`*`; ROUTED_QUEUES=N for another number): events committed per second, and for the routed
#     tenant events committed AND appended to all 10 streams per second (the clock stops when
#     every queue's count of appended events, its meta 'n', reaches the number committed), and
#     their ratio;
#  2. one consumer draining one queue of `drain` events, acknowledging each batch (PullBench.java
#     drain); that queue is filled directly in Redis by fill.lua in the router's format;
#  3. p50/p99 of pulls of 1,000 with the previous ack_id from a routed queue (PullBench.java
#     latency), with a blocking client and with the JDK HttpClient, after the drain has warmed
#     the pull path.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_PER_PHASE=${1:-15}
PULLS=${2:-200}
DRAIN=${3:-1000000}
ROUTED_QUEUES=${ROUTED_QUEUES:-10} # how many queues take the routed tenant's events
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' ||
  { echo "needs a JDK >= 21: point JAVA_HOME at one" >&2; exit 1; }
JAR=$(cd ../.. && pwd)/server/target/allegro.jar
[ -f "$JAR" ] || { echo "build the jar first: mvn -B package -DskipTests" >&2; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }

. ../lib/servers.sh
start_servers
DB=postgres
PREFIX="bench$$:"
export ALLEGRO_REDIS_PREFIX="$PREFIX" ALLEGRO_EMBEDDED=false SDK_RATE_LIMIT_PER_MINUTE=0
export SERVER_PORT=${SERVER_PORT:-18092} MANAGEMENT_PORT=${MANAGEMENT_PORT:-18093} ALLEGRO_ROLES=web LANDLORD_DOMAINS=localhost
rc() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" "$@"; }

cli() { "$JAVA" -jar "$JAR" "$@"; }
cli migrate >/dev/null
cli tenant:create plain --name Plain --domain plain.localhost >/dev/null
cli tenant:create routed --name Routed --domain routed.localhost >/dev/null
cli tenant:create warm --name Warm --domain warm.localhost >/dev/null
cli app:create Bench --type in-house --tenant routed >/dev/null
TOKEN=$(cli app:token Bench --name bench --abilities queues:manage,queues:pull)
cli app:create Drain --type in-house --tenant plain >/dev/null
DRAIN_TOKEN=$(cli app:token Drain --name bench --abilities queues:manage,queues:pull)

# BENCH_SERVER_OPTS: more JVM options for the server, e.g. a JFR recording to profile a run
"$JAVA" -Xmx2g ${BENCH_SERVER_OPTS:-} -jar "$JAR" serve 2>/tmp/allegro-bench-server.log &
SERVER=$!
on_exit 'kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null'
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$SERVER_PORT/readyz" >/dev/null && break; sleep 1; done
URL="http://localhost:$SERVER_PORT"
api() { # api TOKEN PATH JSON
  curl -sf "$URL$2" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "$3"
}
code() { sed 's/.*"code":"\([^"]*\)".*/\1/'; }
QUEUES=()
for i in $(seq 1 "$ROUTED_QUEUES"); do
  q=$(api "$TOKEN" /api/v1/queues "{\"name\":\"q$i\"}" | code)
  api "$TOKEN" "/api/v1/queues/$q/subscriptions" '{"tenant":"routed","event_type":"*"}' >/dev/null
  QUEUES+=("$q")
done
DRAIN_QUEUE=$(api "$DRAIN_TOKEN" /api/v1/queues '{"name":"drain"}' | code)
sleep 5 # routing starts within 5 s of subscribing

count() { psql -d $DB -tAc "SELECT count(*) FROM events e JOIN tenants t ON t.id = e.tenant_id WHERE t.slug = '$1'"; }
now() { date +%s.%N; }
# events appended to each queue (a stream entry holds a relayed batch's events: XLEN counts entries)
lengths() { for q in "${QUEUES[@]}"; do n=$(rc hget "$PREFIX{s:$q}:meta" n); echo "${n:-0}"; done; }

echo "== Allegro ($(nproc) cores), batched ingestion: wrk 2 threads, 64 connections, ${SECONDS_PER_PHASE}s per phase"
export BENCH_HOST=plain.localhost
# warm-up: 10 s of the same load for a third tenant no queue takes, so that neither phase below
# runs on a cold JIT (wrk runs from bench/events for its scripts)
export BENCH_HOST=warm.localhost
(cd ../events && wrk -t2 -c64 -d10s -s batch50.lua "http://127.0.0.1:$SERVER_PORT/api/events") >/dev/null
for phase in plain routed; do
  export BENCH_HOST=$phase.localhost
  [ $phase = routed ] && rc config resetstat >/dev/null
  # what the load before left PostgreSQL to do (vacuuming the rows it inserted, a checkpoint) is
  # done now, so that neither phase pays for the other's
  psql -d $DB -qc "VACUUM ANALYZE" -c "CHECKPOINT"
  read -r pg0 redis0 <<<"$(servers_cpu)"
  server0=$(cpu_seconds "$SERVER")
  start=$(now)
  (cd ../events && wrk -t2 -c64 -d"${SECONDS_PER_PHASE}s" -s batch50.lua "http://127.0.0.1:$SERVER_PORT/api/events") |
    tail -1 | sed "s/^/$phase: /"
  committed_at=$(now)
  # requests wrk left in flight still commit: count once the number stops moving
  n=$(count $phase)
  while sleep 0.2 && [ "$(count $phase)" != "$n" ]; do n=$(count $phase); done
  if [ $phase = routed ]; then
    while [ "$(lengths | sort -n | head -1)" -lt "$n" ]; do sleep 0.05; done
    routed_at=$(now)
  fi
  read -r pg1 redis1 <<<"$(servers_cpu)"
  printf '%-26s server %.1f s, PostgreSQL %.1f s, Redis %.1f s (%.0f / %.0f / %.0f µs per event)\n' \
    "$phase, CPU" "$(echo "$(cpu_seconds "$SERVER") - $server0" | bc)" "$(echo "$pg1 - $pg0" | bc)" \
    "$(echo "$redis1 - $redis0" | bc)" "$(echo "($(cpu_seconds "$SERVER") - $server0) * 1000000 / $n" | bc)" \
    "$(echo "($pg1 - $pg0) * 1000000 / $n" | bc)" "$(echo "($redis1 - $redis0) * 1000000 / $n" | bc)"
  if [ $phase = routed ]; then
    over=$(lengths | sort -n | tail -1)
    [ "$over" -eq "$n" ] || echo "!! a stream holds $over events of $n committed"
    routed_rate=$(echo "$n / ($routed_at - $start)" | bc -l)
    printf '%-26s %9.0f events/s committed (%d in %.1f s)\n' "routed, committed" \
      "$(echo "$n / ($committed_at - $start)" | bc -l)" "$n" "$(echo "$committed_at - $start" | bc -l)"
    printf '%-26s %9.0f events/s committed and in all %d streams (last appended %.2f s after the load stopped)\n' \
      "routed, committed+routed" "$routed_rate" "$ROUTED_QUEUES" "$(echo "$routed_at - $committed_at" | bc -l)"
  else
    plain_rate=$(echo "$n / ($committed_at - $start)" | bc -l)
    printf '%-26s %9.0f events/s committed (%d in %.1f s)\n' "unrouted, committed" "$plain_rate" "$n" \
      "$(echo "$committed_at - $start" | bc -l)"
  fi
done
printf 'routing cost: routed / unrouted = %.2f (target >= 0.70)\n' "$(echo "$routed_rate / $plain_rate" | bc -l)"
echo "in Redis while routing: $(rc info commandstats | grep -E '^cmdstat_evalsha:' | tr -d '\r' | sed 's/,rejected.*//') (per relayed batch of up to 1,000 events store.lua once and append.lua once per queue, and the rest)"
echo "stream entries per queue: $(rc xlen "$PREFIX{s:${QUEUES[0]}}:stream")"
echo "outbox after routing: $(psql -d $DB -tAc 'SELECT count(*) FROM outbox')"
echo "Redis memory: $(rc info memory | grep '^used_memory_human' | tr -d '\r')"

for q in "${QUEUES[@]:1}"; do rc unlink "$PREFIX{s:$q}:stream" >/dev/null; done # memory for the drain

echo "== drain of $DRAIN events by one consumer (queue filled by fill.lua, a copy of a routed event)"
fill_start=$(now)
for ((left = DRAIN; left > 0; left -= 10000)); do
  rc --eval fill.lua "$PREFIX{s:$DRAIN_QUEUE}:stream" "$PREFIX{s:$DRAIN_QUEUE}:meta" "$PREFIX{s:${QUEUES[0]}}:stream" \
    , $((left < 10000 ? left : 10000)) "$PREFIX" 1000 >/dev/null
done
printf 'filled %s events (%s entries) in %.1f s\n' "$(rc hget "$PREFIX{s:$DRAIN_QUEUE}:meta" n)" \
  "$(rc xlen "$PREFIX{s:$DRAIN_QUEUE}:stream")" "$(echo "$(now) - $fill_start" | bc -l)"
"$JAVA" PullBench.java drain "$URL" "$DRAIN_TOKEN" "$DRAIN_QUEUE" "$DRAIN"
curl -s "$URL/api/v1/queues/$DRAIN_QUEUE" -H "Authorization: Bearer $DRAIN_TOKEN"; echo

echo "== pulls of 1,000 after the drain, the pull path warm (queue q1, $(lengths | head -1) events)"
rc config resetstat >/dev/null
"$JAVA" PullBench.java latency "$URL" "$TOKEN" "${QUEUES[0]}" "$PULLS"
echo "in Redis: $(rc info commandstats | grep -E '^cmdstat_(evalsha|getrange):' | tr -d '\r' | sed 's/,rejected[^ ]*//' | tr '\n' ' ')(pull.lua, then the blob reads)"

echo "== Redis ceiling (redis-benchmark, 50 clients)"
redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -q -n 200000 -t lpush | tr '\r' '\n' | grep -v '^ *$' | tail -1
