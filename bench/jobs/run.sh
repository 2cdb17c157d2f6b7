#!/usr/bin/env bash
# The job benchmark (issue 4), run by hand, never in `mvn verify`:
#   bench/jobs/run.sh [jobs=100000]
# Needs Redis on REDIS_HOST:REDIS_PORT (default 127.0.0.1:6379), PostgreSQL on DB_URL, the jar built
# (./mvnw -B package -DskipTests) and node. Prints Redis's own ceiling, then Allegro's and BullMQ's
# figures, all against the same Redis in the same run.
set -euo pipefail
cd "$(dirname "$0")"
JOBS=${1:-100000}
export REDIS_HOST=${REDIS_HOST:-127.0.0.1} REDIS_PORT=${REDIS_PORT:-6379}
export DB_URL=${DB_URL:-jdbc:postgresql://127.0.0.1:5432/postgres} DB_USERNAME=${DB_USERNAME:-postgres}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' ||
  { echo "needs a JDK >= 21: point JAVA_HOME at one" >&2; exit 1; }
JAR=../../server/target/allegro.jar
[ -f "$JAR" ] || { echo "build the jar first: ./mvnw -B package -DskipTests" >&2; exit 1; }
[ -d node_modules/bullmq ] || npm install --no-audit --no-fund >/dev/null

echo "== Redis ceiling (redis-benchmark, 50 clients, LPUSH/LPOP)"
redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -q -n 200000 -t lpush,lpop | tr '\r' '\n' | grep -v '^$' | tail -2

echo "== Allegro"
EXTRACTED=$(mktemp -d)
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$EXTRACTED" >/dev/null
"$JAVA" -Xmx1g -cp "$EXTRACTED/allegro.jar" JobBench.java "$JOBS"
rm -rf "$EXTRACTED"

echo "== BullMQ $(node -e "console.log(require('./node_modules/bullmq/package.json').version)")"
node bullmq-bench.mjs "$JOBS"
