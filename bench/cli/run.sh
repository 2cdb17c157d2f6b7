#!/usr/bin/env bash
# Wall time of every one-shot CLI command, as a user runs it: `java -jar server/target/allegro.jar
# COMMAND`, one JVM per run. Run by hand, never in `mvn verify`:
#   bench/cli/run.sh [runs=7] [--machine]
# Each command runs once untimed (warm page cache), then `runs` times; the table gives the median
# and the maximum wall time and the largest resident set of a run (of the launcher or, when it
# relaunches the command, of the larger of the two JVMs).
#
# Servers: private ones by default (bench/lib/servers.sh). With --machine, the machine's, as
# DB_URL, DB_USERNAME, DB_PASSWORD, REDIS_HOST, REDIS_PORT say (the defaults are 127.0.0.1's), in a
# database and under a key prefix of the run's own, both removed at the end.
# Other jars: JAR=/path/to/allegro.jar. The start-up cache (docs/cli.md) is made before timing;
# ALLEGRO_CLI_CACHE=false times the commands run in the launching JVM instead.
set -euo pipefail
cd "$(dirname "$0")"
RUNS=7
MACHINE=false
for arg in "$@"; do
  case $arg in
    --machine) MACHINE=true ;;
    *) RUNS=$arg ;;
  esac
done
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
"$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' ||
  { echo "needs a JDK >= 21: point JAVA_HOME at one" >&2; exit 1; }
JAR=${JAR:-$(cd ../.. && pwd)/server/target/allegro.jar}
[ -f "$JAR" ] || { echo "build the jar first: ./mvnw -B package -DskipTests" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }

. ../lib/servers.sh
if [ "$MACHINE" = true ]; then
  export PGHOST=127.0.0.1 PGUSER=${DB_USERNAME:-postgres} PGPASSWORD=${DB_PASSWORD:-}
  PGPORT=$(echo "${DB_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}" | sed -n 's#.*://[^:/]*:\([0-9]*\)/.*#\1#p')
  export PGPORT=${PGPORT:-5432}
  DB=allegro_cli_bench_$$
  psql -d postgres -qc "CREATE DATABASE $DB"
  on_exit 'psql -d postgres -qc "DROP DATABASE IF EXISTS $DB"'
  export DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$DB" DB_USERNAME=$PGUSER
  export REDIS_HOST=${REDIS_HOST:-127.0.0.1} REDIS_PORT=${REDIS_PORT:-6379}
  PREFIX="clibench$$:"
  on_exit 'redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "$PREFIX*" |
    xargs -r -n 500 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" unlink >/dev/null'
  echo "== the machine's servers: database $DB, key prefix $PREFIX"
else
  start_servers
  PREFIX="clibench:"
fi
export ALLEGRO_REDIS_PREFIX=$PREFIX HORIZON_PREFIX="${PREFIX}horizon:" ALLEGRO_EMBEDDED=false

WORK=$(mktemp -d)
on_exit 'rm -rf "$WORK"'
cli() { "$JAVA" -jar "$JAR" "$@"; }
cli migrate >/dev/null
cli tenant:create bench --name Bench --domain bench.localhost >/dev/null
cli user:create ops@bench.localhost --tenant bench >/dev/null
if [ "${ALLEGRO_CLI_CACHE:-}" != false ]; then
  # a jar with a start-up cache makes it here, as the first command's background run would
  if cli cli:prepare >/dev/null 2>&1; then echo "== start-up cache ready"; fi
fi

# One command per line; {n} is the run's number, for commands that create something.
COMMANDS=$(cat <<'LIST'
--help
migrate
tenant:list
tenant:create t{n} --name T{n} --domain t{n}.bench.localhost
user:create u{n}@bench.localhost --tenant bench
token:create ops@bench.localhost --name bench{n}
token:revoke {token}
feature:list
feature:activate UseRedisEvents --tenant bench
feature:deactivate UseRedisEvents --all
horizon:status
horizon:pause
horizon:continue
horizon:terminate
horizon:snapshot
queue:dispatch diagnostics.noop
queue:monitor
queue:jobs
queue:failed
queue:retry all
queue:flush
LIST
)

time_ms() { # prints "ms kb exit"
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$WORK/rss" "$JAVA" -jar "$JAR" "$@" >"$WORK/out" 2>"$WORK/err" && code=0 || code=$?
  end=$(date +%s%N)
  echo "$(((end - start) / 1000000)) $(cat "$WORK/rss" | tail -1) $code"
}

echo "== $(basename "$JAR"), $("$JAVA" -version 2>&1 | head -1), $(nproc) cores, $RUNS runs per command"
printf '%-56s %9s %9s %9s %5s\n' COMMAND "MEDIAN ms" "MAX ms" "RSS MB" EXIT
n=0
while IFS= read -r line; do
  times=()
  rss=0
  for run in $(seq 0 "$RUNS"); do
    n=$((n + 1))
    args=${line//\{n\}/$n}
    if [[ $args == *"{token}"* ]]; then
      token=$(cli token:create ops@bench.localhost --name revoke | cut -d'|' -f1)
      args=${args//\{token\}/$token}
    fi
    # shellcheck disable=SC2086
    read -r ms kb code < <(time_ms $args)
    if [ "$run" -gt 0 ]; then # run 0 warms the page cache
      times+=("$ms")
      [ "$kb" -gt "$rss" ] && rss=$kb
    fi
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  median=$(echo "$sorted" | sed -n "$(((${#times[@]} + 1) / 2))p")
  max=$(echo "$sorted" | tail -1)
  printf '%-56s %9s %9s %9s %5s\n' "${line//\{n\}/N}" "$median" "$max" "$((rss / 1024))" "$code"
done <<<"$COMMANDS"
