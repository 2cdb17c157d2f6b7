#!/usr/bin/env bash
# The webhook benchmark (issue 14), run by hand, never in `mvn verify`, and under `locked` on a
# shared machine (never beside a build):
#   bench/webhooks/run.sh [deliveries-at-once=5000] [deliveries-delayed=500] [lag-seconds=30] [events-per-second=1000,500]
# Needs PostgreSQL's server binaries and redis-server (bench/lib/servers.sh starts private ones for
# the run and deletes them after) and the jar built (./mvnw -B package -DskipTests). One JVM runs
# the platform (web + worker, 5 workers) and a loopback receiver (WebhookBench.java); it prints
# deliveries per second to a receiver answering at once and after 200 ms, then the end-to-end lag
# from the ingestion request's answer to the receiver's arrival at each fixed event rate given. Redis's and
# PostgreSQL's own ceilings come first, measured in the same run.
set -euo pipefail
cd "$(dirname "$0")"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' ||
  { echo "needs a JDK >= 21: point JAVA_HOME at one" >&2; exit 1; }
JAR=$(cd ../.. && pwd)/server/target/allegro.jar
[ -f "$JAR" ] || { echo "build the jar first: ./mvnw -B package -DskipTests" >&2; exit 1; }

. ../lib/servers.sh
start_servers
export ALLEGRO_EMBEDDED=false

echo "== Redis ceiling (redis-benchmark, 50 clients, LPUSH/LPOP)"
redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -q -n 200000 -t lpush,lpop | tr '\r' '\n' | grep 'requests per second'
echo "== PostgreSQL ceiling (one connection, 20,000 single-row INSERT + UPDATE transactions)"
# in a database of its own: the platform's migrations want an empty one
psql -q -d postgres -c "CREATE DATABASE ceiling" >/dev/null
psql -q -d ceiling -c "CREATE TABLE bench_ceiling (id bigint PRIMARY KEY, status text)" >/dev/null
start=$(date +%s.%N)
psql -q -d ceiling >/dev/null <<'SQL'
DO $$ BEGIN
  FOR i IN 1..20000 LOOP
    INSERT INTO bench_ceiling VALUES (i, 'pending');
    UPDATE bench_ceiling SET status = 'delivered' WHERE id = i;
    COMMIT;
  END LOOP;
END $$;
SQL
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "%.0f insert+update transactions/s\n", 20000 / (e - s) }'

"$JAVA" -jar "$JAR" migrate >/dev/null
EXTRACTED=$(mktemp -d)
on_exit 'rm -rf "$EXTRACTED"'
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$EXTRACTED" >/dev/null
# the load side names the tenant in Host, which the JDK client allows only when told
"$JAVA" -Xms1g -Xmx1g -Djdk.httpclient.allowRestrictedHeaders=host ${BENCH_JAVA_OPTS:-} -cp "$EXTRACTED/allegro.jar" \
  WebhookBench.java "$@"
