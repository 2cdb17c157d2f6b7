#!/usr/bin/env bash
# The event pipeline benchmark (issue 3), run by hand, never in `mvn verify`:
#   bench/events/run.sh [seconds-per-phase=20]
#   REDIS_MODE=cluster bench/events/run.sh [seconds-per-phase=20]   # on a 3-master Redis Cluster
# Needs PostgreSQL's server binaries and redis-server (bench/lib/servers.sh starts private ones for
# the run and deletes them after), wrk (apt-get install -y wrk), and the jar built
# (./mvnw -B package -DskipTests). Starts the server with fan-out on, measures
# ingestion (wrk, 2 threads: a C load generator leaves the 2 cores to the server) with
# batches of 50 and of 1 at 64 concurrent connections, single events paced to about half the
# single-event target (BENCH_PACE_MS between a connection's answer and its next request: 2,000
# req/s at 25 ms and 7 ms of latency), heartbeats, and GET of 10,000 queued events,
# then the ceilings of the backing services in the same run: redis-benchmark LPUSH/LRANGE and a raw
# multi-row INSERT loop into PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_PER_PHASE=${1:-20}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' ||
  { echo "needs a JDK >= 21: point JAVA_HOME at one" >&2; exit 1; }
JAR=$(cd ../.. && pwd)/server/target/allegro.jar
[ -f "$JAR" ] || { echo "build the jar first: ./mvnw -B package -DskipTests" >&2; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }

. ../lib/servers.sh
start_servers
RCLI_PORT=$REDIS_PORT
if [ "${REDIS_MODE:-}" = cluster ]; then
  start_cluster
  RCLI_PORT=${CLUSTER_PORTS[0]}
fi
rcli() { redis-cli -c -h 127.0.0.1 -p "$RCLI_PORT" "$@"; }
DB=postgres
export ALLEGRO_REDIS_PREFIX="bench$$:" ALLEGRO_EMBEDDED=false SDK_RATE_LIMIT_PER_MINUTE=0
export SERVER_PORT=${SERVER_PORT:-18090} MANAGEMENT_PORT=${MANAGEMENT_PORT:-18091} ALLEGRO_ROLES=web LANDLORD_DOMAINS=localhost

cli() { "$JAVA" -jar "$JAR" "$@"; }
cli migrate >/dev/null
cli tenant:create bench --name Bench --domain bench.localhost >/dev/null
cli user:create ops@bench.localhost --tenant bench >/dev/null
TOKEN=$(cli token:create ops@bench.localhost --name bench)
cli feature:activate UseRedisEvents --tenant bench >/dev/null
cli feature:activate SdkHeartbeat --tenant bench >/dev/null

"$JAVA" -Xmx2g -jar "$JAR" serve 2>/tmp/allegro-bench-server.log &
SERVER=$!
on_exit 'kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null'
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$SERVER_PORT/readyz" >/dev/null && break; sleep 1; done

echo "== Allegro ($(nproc) cores, 64 connections, ${SECONDS_PER_PHASE}s per phase, fan-out on)"
URL="http://127.0.0.1:$SERVER_PORT"
export BENCH_HOST=bench.localhost
# warm-up: the JIT needs about half a minute of load here (after 10 s, the paced phase measured
# p99 43 ms; after 40 s, 14 ms)
wrk -t2 -c64 -d30s -s single.lua "$URL/api/events" >/dev/null
export BENCH_PACE_MS=${BENCH_PACE_MS:-25}
sleep 5 # the warm-up's events relayed
# the paced phase first, on a server with nothing left to relay from a phase before it
for phase in single-paced:/api/events batch50:/api/events single:/api/events heartbeat:/api/heartbeat; do
  wrk -t2 -c64 -d"${SECONDS_PER_PHASE}s" -s "${phase%%:*}.lua" "$URL${phase#*:}" | tail -1
done
"$JAVA" -Djdk.httpclient.allowRestrictedHeaders=host ReadBench.java "$URL" bench.localhost "$TOKEN"
QUEUED=$(rcli llen "bench$$:{t:1}:events")
WAITING=$(psql -d $DB -tAc 'SELECT count(*) FROM outbox WHERE delivered IS NULL')
KEPT=$(psql -d $DB -tAc 'SELECT count(*) FROM outbox WHERE delivered IS NOT NULL')
echo "queue length: $QUEUED; outbox: $WAITING rows waiting, $KEPT kept for the queues (on them, not yet removed by a consumer)"
if [ "${REDIS_MODE:-}" = cluster ]; then
  exit 0 # the storage and the ceilings are one Redis's: measured by the run without a cluster
fi

echo "== Storage (for docs/scaling.md)"
# Redis holds little else than the queues here (heartbeats, rate limits off, no jobs), so its
# memory over the queued items is the cost of one queued item; PostgreSQL's is every partition of
# events with its indexes over the rows stored.
HEARTBEATS=$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" llen "bench$$:{t:1}:heartbeats")
EVENTS_KEY_BYTES=$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" memory usage "bench$$:{t:1}:events" samples 0)
USED=$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" info memory | tr -d '\r' | awk -F: '/^used_memory:/ {print $2}')
ROWS=$(psql -d $DB -tAc 'SELECT count(*) FROM events')
PG_BYTES=$(psql -d $DB -tAc "SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'events'::regclass")
echo "Redis: event queue $QUEUED items in $EVENTS_KEY_BYTES bytes ($((EVENTS_KEY_BYTES / (QUEUED > 0 ? QUEUED : 1))) bytes/event, $((EVENTS_KEY_BYTES / (QUEUED > 0 ? QUEUED : 1))) MB per 1,000,000), heartbeat queue $HEARTBEATS items, used_memory $USED bytes"
echo "PostgreSQL: events $ROWS rows in $PG_BYTES bytes with indexes ($((PG_BYTES / (ROWS > 0 ? ROWS : 1))) bytes/event)"
# the outbox keeps a copy of every queued item until its consumer removes it (Redis data loss)
OUTBOX_BYTES=$(psql -d $DB -tAc "SELECT pg_total_relation_size('outbox')")
echo "PostgreSQL: outbox $((WAITING + KEPT)) rows in $OUTBOX_BYTES bytes with indexes ($((OUTBOX_BYTES / ((WAITING + KEPT) > 0 ? (WAITING + KEPT) : 1))) bytes/row)"

echo "== Redis ceiling (redis-benchmark, 50 clients)"
redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -q -n 200000 -t lpush | tr '\r' '\n' | grep -v '^ *$' | tail -1
redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -q -n 200000 -P 50 -t lpush | tr '\r' '\n' | grep -v '^ *$' | tail -1 | sed 's/^/pipelined x50 /'
redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -q -n 2000 -t lrange_600 | tr '\r' '\n' | grep -v '^ *$' | tail -1

echo "== PostgreSQL ceiling (raw multi-row INSERT of 1,000 rows per statement, one client, 10 s)"
psql -d $DB -qc "CREATE TABLE raw_insert (LIKE events_default INCLUDING DEFAULTS)"
cat > "$BENCH_SERVERS_DIR/raw-insert.sql" <<'SQL'
INSERT INTO raw_insert (id, tenant_id, type, session_id, url, page_hostname, page_path, data, event_sequence, user_agent, ip_address, created_at, received_at)
SELECT gen_random_uuid(), 1, 'page_view', md5(g::text), 'https://shop.example/books/1?ref=bench', 'shop.example', '/books/1', '{"price":12.5,"currency":"EUR"}', g, 'Mozilla/5.0', '127.0.0.1', now(), now()
FROM generate_series(1, 1000) g;
SQL
pgbench -n -c 1 -T 10 -f "$BENCH_SERVERS_DIR/raw-insert.sql" $DB 2>/dev/null | grep -E "^tps" | awk '{printf "%.0f rows/s (%s statements/s of 1,000 rows)\n", $3*1000, $3}'
