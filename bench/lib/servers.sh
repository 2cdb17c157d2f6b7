# A private PostgreSQL and a private Redis for one benchmark run, so that a run neither leaves keys
# and databases on the machine's servers nor competes with what else uses them.
#
#   . "$(dirname "$0")/../lib/servers.sh"
#   start_servers            # exports DB_URL, DB_USERNAME, REDIS_HOST, REDIS_PORT, PGHOST, PGPORT, PGUSER
#   start_cluster            # and a 3-master Redis Cluster instead: exports REDIS_CLUSTER_NODES
#   on_exit 'kill "$SERVER"' # further clean-up, run before the servers stop (last added, first run)
#
# Both listen on free loopback ports and keep their data in one temporary directory; on exit (also
# on Ctrl+C or an error under `set -e`) they are stopped and the directory deleted. PostgreSQL comes
# from /usr/lib/postgresql/*/bin (the newest), with trust authentication for the user postgres;
# Redis is `redis-server` from the PATH with no persistence (--save "" --appendonly no).

_bench_cleanups=()
on_exit() { _bench_cleanups+=("$*"); }
_bench_run_cleanups() {
  local i
  for ((i = ${#_bench_cleanups[@]} - 1; i >= 0; i--)); do eval "${_bench_cleanups[i]}" || true; done
  _bench_cleanups=()
}
trap _bench_run_cleanups EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A loopback port nothing listens on (bash's /dev/tcp: a refused connection means free), below
# Linux's ephemeral range (32768 and up), where a client socket of a load generator could hold it.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

start_servers() {
  local pg_bin
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$pg_bin/initdb" ] || { echo "needs PostgreSQL's server binaries in /usr/lib/postgresql/*/bin" >&2; exit 1; }
  command -v redis-server >/dev/null || { echo "needs redis-server on the PATH" >&2; exit 1; }

  BENCH_SERVERS_DIR=$(mktemp -d /tmp/allegro-bench-servers.XXXXXX)
  on_exit 'rm -rf "$BENCH_SERVERS_DIR"'
  # initdb refuses to run as root: the cluster then belongs to the postgres system user
  local as=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "running as root needs a postgres system user" >&2; exit 1; }
    chown postgres "$BENCH_SERVERS_DIR"
    as=(runuser -u postgres --)
  fi

  PGPORT=$(free_port)
  "${as[@]}" "$pg_bin/initdb" -D "$BENCH_SERVERS_DIR/pg" -U postgres --auth=trust -E UTF8 \
    --no-sync >"$BENCH_SERVERS_DIR/initdb.log" 2>&1 ||
    { cat "$BENCH_SERVERS_DIR/initdb.log" >&2; exit 1; }
  "${as[@]}" "$pg_bin/pg_ctl" -D "$BENCH_SERVERS_DIR/pg" -l "$BENCH_SERVERS_DIR/pg.log" -w -s \
    -o "-p $PGPORT -k $BENCH_SERVERS_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" start
  on_exit "${as[*]} \"$pg_bin/pg_ctl\" -D \"\$BENCH_SERVERS_DIR/pg\" -m fast -w -s stop"

  REDIS_PORT=$(free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --dir "$BENCH_SERVERS_DIR" --pidfile "$BENCH_SERVERS_DIR/redis.pid" \
    --logfile "$BENCH_SERVERS_DIR/redis.log"
  on_exit 'redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1'
  local _
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 ||
    { cat "$BENCH_SERVERS_DIR/redis.log" >&2; echo "the private Redis did not start" >&2; exit 1; }

  export PGHOST=127.0.0.1 PGPORT PGUSER=postgres
  export DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/postgres" DB_USERNAME=postgres
  export REDIS_HOST=127.0.0.1 REDIS_PORT
  unset DB_PASSWORD REDIS_PASSWORD REDIS_URL REDIS_CLUSTER_NODES
  echo "== private servers: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $PGPORT, Redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on port $REDIS_PORT"
}

# CPU seconds the private servers have used so far, as "postgres redis" (PostgreSQL: the postmaster
# and its live children, whose backends the server's connection pool keeps open).
servers_cpu() {
  local pg redis
  pg=$(head -1 "$BENCH_SERVERS_DIR/pg/postmaster.pid")
  redis=$(cat "$BENCH_SERVERS_DIR/redis.pid")
  echo "$(cpu_seconds "$pg" $(ps --ppid "$pg" -o pid=)) $(cpu_seconds "$redis")"
}

# The CPU seconds (user and system) the given processes have used so far.
cpu_seconds() {
  local ticks=0 pid stat
  for pid in "$@"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    set -- ${stat##*) }
    ticks=$((ticks + ${12} + ${13}))
  done
  echo "scale=2; $ticks / $(getconf CLK_TCK)" | bc
}

# A Redis Cluster of 3 masters without replicas on free ports, in place of the private Redis for the
# server: exports REDIS_CLUSTER_NODES, and sets CLUSTER_PORTS (`redis-cli -c -p` any of them).
start_cluster() {
  local port _
  CLUSTER_PORTS=()
  for _ in 1 2 3; do
    port=$(free_port)
    mkdir -p "$BENCH_SERVERS_DIR/cluster-$port"
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
      --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 5000 \
      --dir "$BENCH_SERVERS_DIR/cluster-$port" --logfile "$BENCH_SERVERS_DIR/cluster-$port/redis.log"
    on_exit "redis-cli -h 127.0.0.1 -p $port shutdown nosave >/dev/null 2>&1"
    CLUSTER_PORTS+=("$port")
  done
  for port in "${CLUSTER_PORTS[@]}"; do
    for _ in $(seq 1 50); do
      redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && break
      sleep 0.1
    done
  done
  redis-cli --cluster create $(printf '127.0.0.1:%s ' "${CLUSTER_PORTS[@]}") --cluster-yes >/dev/null
  for port in "${CLUSTER_PORTS[@]}"; do
    for _ in $(seq 1 100); do
      redis-cli -h 127.0.0.1 -p "$port" cluster info | grep -q cluster_state:ok && break
      sleep 0.1
    done
  done
  export REDIS_CLUSTER_NODES
  REDIS_CLUSTER_NODES=$(printf '127.0.0.1:%s,' "${CLUSTER_PORTS[@]}")
  REDIS_CLUSTER_NODES=${REDIS_CLUSTER_NODES%,}
  echo "== a Redis Cluster of 3 masters on ports ${CLUSTER_PORTS[*]} (the same machine)"
}
