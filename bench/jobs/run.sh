#!/usr/bin/env bash
# The job benchmark (issue 4), run by hand, never in `mvn verify`:
#   bench/jobs/run.sh [jobs=100000] [rounds=1]
#   REDIS_MODE=cluster bench/jobs/run.sh [jobs] [rounds]  # Allegro alone, on a 3-master Redis Cluster
#   REDIS_MODE=single bench/jobs/run.sh [jobs] [rounds]   # Allegro alone, on one Redis
#   WORKERS=1,1,8 REDIS_MODE=...                           # the worker counts to run, in turn
# Needs PostgreSQL's server binaries and redis-server (bench/lib/servers.sh starts private ones for
# the run and deletes them after), the jar built (./mvnw -B package -DskipTests) and node. Prints
# Redis's own ceiling, then Allegro's and BullMQ's figures, all against the same Redis in the same
# run. With several rounds, Allegro and BullMQ take
# turns, so that a machine that speeds up or slows down during the run weighs on both alike.
set -euo pipefail
cd "$(dirname "$0")"
JOBS=${1:-100000}
ROUNDS=${2:-1}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' ||
  { echo "needs a JDK >= 21: point JAVA_HOME at one" >&2; exit 1; }
JAR=../../server/target/allegro.jar
[ -f "$JAR" ] || { echo "build the jar first: ./mvnw -B package -DskipTests" >&2; exit 1; }

. ../lib/servers.sh
start_servers
if [ -n "${REDIS_MODE:-}" ]; then
  [ "$REDIS_MODE" = cluster ] && start_cluster
  EXTRACTED=$(mktemp -d)
  on_exit 'rm -rf "$EXTRACTED"'
  "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$EXTRACTED" >/dev/null
  for round in $(seq 1 "$ROUNDS"); do
    echo "== Allegro alone, on ${REDIS_MODE/single/one Redis} (round $round of $ROUNDS)"
    "$JAVA" -Xms1g -Xmx1g -cp "$EXTRACTED/allegro.jar" JobBench.java "$JOBS" ${WORKERS:+"$WORKERS"}
  done
  exit 0
fi
[ -d node_modules/bullmq ] || npm install --no-audit --no-fund >/dev/null

echo "== Redis ceiling (redis-benchmark, 50 clients, LPUSH/LPOP)"
redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -q -n 200000 -t lpush,lpop | tr '\r' '\n' | grep -v '^ *$' | tail -2

EXTRACTED=$(mktemp -d)
on_exit 'rm -rf "$EXTRACTED"'
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$EXTRACTED" >/dev/null
BULLMQ_VERSION=$(node -e "console.log(require('./node_modules/bullmq/package.json').version)")
for round in $(seq 1 "$ROUNDS"); do
  echo "== Allegro (round $round of $ROUNDS)"
  # The heap is fixed at 1 GB, as a deployment sizes it: left to grow from the JVM's small initial
  # heap, G1 runs a concurrent mark every second or two for the whole run.
  "$JAVA" -Xms1g -Xmx1g -cp "$EXTRACTED/allegro.jar" JobBench.java "$JOBS"
  # its job records and metrics (kept an hour, as in production) must not weigh on the next round;
  # what their removal frees, over the keys removed (one hash per job record, a few indexes and
  # metrics), is Redis's memory per job record, for docs/scaling.md
  used() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" info memory | tr -d '\r' | awk -F: '/^used_memory:/ {print $2}'; }
  BEFORE=$(used)
  KEYS=$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern 'bench[0-9]*:*' | wc -l)
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern 'bench[0-9]*:*' |
    xargs -r -n 1000 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" unlink >/dev/null
  sleep 1 # UNLINK frees in the background
  FREED=$((BEFORE - $(used)))
  echo "job records: $KEYS keys held $FREED bytes ($((FREED / (KEYS > 0 ? KEYS : 1))) bytes per key)"
  echo "== BullMQ $BULLMQ_VERSION (round $round of $ROUNDS)"
  node bullmq-bench.mjs "$JOBS"
done
