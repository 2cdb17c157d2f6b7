#!/usr/bin/env bash
# The soak test (issue 17), run by hand, never in `mvn verify`:
#   bench/soak/run.sh [minutes=30]
# Needs PostgreSQL's server binaries and redis-server (bench/lib/servers.sh starts private ones for
# the run and deletes them after) and the jar built (./mvnw -B package -DskipTests). Starts one
# node with every role (web, worker, scheduler) and drives it with Soak.java: a fixed-rate mix of
# batched and single ingestion and heartbeats, consumers draining the Event and Heartbeat Queues, a
# subscription queue pulled with acknowledgement, webhook deliveries to a receiver that answers
# after SOAK_RECEIVER_DELAY_MS, and tallied jobs on the high, default and audience-sync queues.
# The default rates keep the server at about one of the two cores (half this machine's capacity;
# samples.csv records the server's CPU), with the load generator and the stores on the rest. Writes samples.csv (heap, live data after GC, RSS, Redis
# memory every 10 s) and latency.csv (p50/p99 per endpoint per minute) to $SOAK_OUT (default
# bench/soak/out), then reconciles the counts with PostgreSQL, the queues and the job tallies.
set -euo pipefail
cd "$(dirname "$0")"
MINUTES=${1:-30}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' ||
  { echo "needs a JDK >= 21: point JAVA_HOME at one" >&2; exit 1; }
JAR=$(cd ../.. && pwd)/server/target/allegro.jar
[ -f "$JAR" ] || { echo "build the jar first: ./mvnw -B package -DskipTests" >&2; exit 1; }

. ../lib/servers.sh
start_servers
DB=postgres
export ALLEGRO_REDIS_PREFIX="soak$$:" HORIZON_PREFIX="soak$$:horizon:" ALLEGRO_EMBEDDED=false
export SDK_RATE_LIMIT_PER_MINUTE=0 WEBHOOKS_ALLOW_PRIVATE=true LANDLORD_DOMAINS=localhost
export SERVER_PORT=${SERVER_PORT:-18190} MANAGEMENT_PORT=${MANAGEMENT_PORT:-18191}

cli() { "$JAVA" -jar "$JAR" "$@"; }
cli migrate >/dev/null
cli tenant:create soak --name Soak --domain soak.localhost >/dev/null
cli user:create ops@soak.localhost --tenant soak >/dev/null
TENANT_TOKEN=$(cli token:create ops@soak.localhost --name soak)
cli feature:activate UseRedisEvents --tenant soak >/dev/null
cli feature:activate SdkHeartbeat --tenant soak >/dev/null
cli app:create soak-app --type in-house --tenant soak >/dev/null
APP_TOKEN=$(cli app:token soak-app --name soak)

# ten workers: webhook deliveries wait on the slow receiver
"$JAVA" -Xms1g -Xmx1g -Dallegro.jobs.supervisor.max-processes=10 \
  -Dallegro.jobs.supervisor.min-processes=10 -jar "$JAR" serve 2>/tmp/allegro-soak-server.log >&2 &
SERVER=$!
on_exit 'kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null'
for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$SERVER_PORT/readyz" >/dev/null && break; sleep 1; done

export SOAK_URL="http://127.0.0.1:$SERVER_PORT" SOAK_MANAGEMENT_URL="http://127.0.0.1:$MANAGEMENT_PORT"
export SOAK_TENANT_HOST=soak.localhost SOAK_TENANT_TOKEN="$TENANT_TOKEN" SOAK_APP_TOKEN="$APP_TOKEN"
export SOAK_LANDLORD_HOST=localhost SOAK_SERVER_PID="$SERVER" SOAK_MINUTES="$MINUTES"
export SOAK_OUT=${SOAK_OUT:-$(pwd)/out} SOAK_JAR="$JAR" SOAK_JAVA="$JAVA"
export SOAK_BATCH_RPS=${SOAK_BATCH_RPS:-60} SOAK_SINGLE_RPS=${SOAK_SINGLE_RPS:-1000}
export SOAK_HEARTBEAT_RPS=${SOAK_HEARTBEAT_RPS:-300} SOAK_JOBS_PER_MINUTE=${SOAK_JOBS_PER_MINUTE:-1000}
export SOAK_RECEIVER_DELAY_MS=${SOAK_RECEIVER_DELAY_MS:-200}
echo "== soak: $MINUTES min on one node ($(nproc) cores), PostgreSQL and Redis private to the run"
JCMD=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd
mkdir -p "$SOAK_OUT"
# the live objects by class (a full GC first) after the warm-up and at the end: what grew between
# the two is a leak, what did not is warm-up
(sleep 180 && "$JCMD" "$SERVER" GC.class_histogram > "$SOAK_OUT/histogram-start.txt" 2>&1) &
HISTOGRAM=$!
"$JAVA" -Djdk.httpclient.allowRestrictedHeaders=host -Xmx512m Soak.java
wait "$HISTOGRAM" 2>/dev/null || true
"$JCMD" "$SERVER" GC.class_histogram > "$SOAK_OUT/histogram-end.txt" 2>&1 || true

echo "== reconciliation with the stores"
. "$SOAK_OUT/counts.env"
ROWS=$(psql -d $DB -tAc 'SELECT count(*) FROM events')
OUTBOX=$(psql -d $DB -tAc 'SELECT count(*) FROM outbox WHERE delivered IS NULL')
# rows kept for the queues until their consumer removes the items: drained queues keep none
KEPT=$(psql -d $DB -tAc 'SELECT count(*) FROM outbox WHERE delivered IS NOT NULL')
QUEUED=$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" llen "soak$$:{t:1}:events")
TALLIED=0
for q in high default audience-sync; do
  n=$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" hvals "soak$$:diagnostics:tally:{soak-$q}" | awk '{s += $1} END {print s + 0}')
  echo "jobs on $q: $n runs tallied"
  TALLIED=$((TALLIED + n))
done
FAILED=$(psql -d $DB -tAc 'SELECT count(*) FROM webhook_deliveries WHERE status <> '"'"'delivered'"'"'' 2>/dev/null || echo '?')
echo "PostgreSQL events: $ROWS (accepted $ACCEPTED_EVENTS); outbox rows left: $OUTBOX waiting, $KEPT kept; Event Queue left: $QUEUED (drained $DRAINED_EVENTS)"
echo "webhooks: $DELIVERIES deliveries of $DELIVERED distinct events for $ACCEPTED_PURCHASES purchases; deliveries not delivered: $FAILED"
echo "subscription queue: pulled $PULLED of $ACCEPTED_CARTS add_to_cart; heartbeats drained $DRAINED_HEARTBEATS of $ACCEPTED_HEARTBEATS"
echo "jobs: $TALLIED runs tallied of $DISPATCHED_JOBS dispatched"
OK=yes
# a request the generator gave up on (counted refused) may still have been stored: the stores
# hold at least what it counted accepted, and the consumers got exactly what was stored
[ "$ROWS" -ge "$ACCEPTED_EVENTS" ] || OK=no
[ "$DRAINED_EVENTS" = "$ROWS" ] || OK=no
[ "$DELIVERED" -ge "$ACCEPTED_PURCHASES" ] || OK=no
[ "$PULLED" -ge "$ACCEPTED_CARTS" ] || OK=no
[ "$DRAINED_HEARTBEATS" -ge "$ACCEPTED_HEARTBEATS" ] || OK=no
[ "$TALLIED" -ge "$DISPATCHED_JOBS" ] || OK=no
[ "$KEPT" = 0 ] || OK=no
echo "nothing lost: $OK"
echo "samples: $SOAK_OUT/samples.csv, latencies: $SOAK_OUT/latency.csv"
echo "live objects by class, after the warm-up and at the end (top 15 by bytes):"
for when in start end; do
  echo "-- $when"; sed -n '1,18p' "$SOAK_OUT/histogram-$when.txt" 2>/dev/null | tail -n +3
done
