# Sourced by the measurement scripts in tools/: builds the silo and gives each run its own work
# directory, a private Redis, a private PostgreSQL 15 (fsync off) and an embedded broker, all
# removed on exit. Sets BIN, WORK, REDIS_PORT, PG_PORT and BROKER_PID; a script that starts a silo
# in the background puts its pid in SILO_PID so the cleanup stops it too.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet build Silo/GrainPipeline.Silo.csproj -c Release -v q -nologo >/dev/null
BIN=$PWD/Silo/bin/Release/net10.0/grain-pipeline
# The silo's GC budget as ./pipeline sets it (see use_silo_gc_budget there); an explicit value wins, an empty one keeps the GC default.
export DOTNET_GCgen0size="${DOTNET_GCgen0size-0x1000000}"
PG=/usr/lib/postgresql/15/bin
WORK=$(mktemp -d); chmod 755 "$WORK"
REDIS_PORT=$((20000 + RANDOM % 10000)); PG_PORT=$((REDIS_PORT + 1))
BROKER_PID=""; SILO_PID=""

stop_private_servers() {
  [ -n "$SILO_PID" ] && kill "$SILO_PID" 2>/dev/null || true
  [ -n "$BROKER_PID" ] && kill "$BROKER_PID" 2>/dev/null || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  runuser -u postgres -- "$PG/pg_ctl" -D "$WORK/pg" -w stop -m fast >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap stop_private_servers EXIT

# start_stores DATABASE [extra postgres -c options]: Redis, then PostgreSQL with DATABASE created.
start_stores() {
  local database=$1; shift
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile "$WORK/redis.pid" >/dev/null
  install -d -o postgres -g postgres "$WORK/pg" "$WORK/pg-log"
  runuser -u postgres -- "$PG/initdb" -D "$WORK/pg" -U postgres -A trust -E UTF8 --no-sync >/dev/null
  # Backends keep their freed heap, as LocalPostgresServer starts them (see its Launch).
  runuser -u postgres -- env GLIBC_TUNABLES=glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432 \
    "$PG/pg_ctl" -D "$WORK/pg" -l "$WORK/pg-log/log" -w \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 $*" start >/dev/null
  createdb -h 127.0.0.1 -p "$PG_PORT" -U postgres "$database"
}

# cpu_seconds PID [children]: CPU seconds (user + system) the process has used so far; with
# "children", those of its exited children it waited for (the postmaster collects its backends' so).
cpu_seconds() {
  awk -v t="$(getconf CLK_TCK)" -v c="${2:-}" '{ printf "%.2f\n", (c == "children" ? $16 + $17 : $14 + $15) / t }' "/proc/$1/stat"
}

# start_broker PARTITIONS: an embedded broker in the background; its address goes to $WORK/bootstrap.
start_broker() {
  "$BIN" broker --partitions "$1" --bootstrap-file "$WORK/bootstrap" >"$WORK/broker.log" 2>&1 &
  BROKER_PID=$!
  for _ in $(seq 100); do [ -s "$WORK/bootstrap" ] && break; sleep 0.1; done
}

# prefill_backlog EVENTS: a 64-partition broker holding EVENTS generated events (100k Zipf visitors,
# 50 shops, the same file every time), all written before any silo reads: the drains' backlog.
prefill_backlog() {
  local records=/tmp/grain-pipeline-drain-$1.rec
  [ -s "$records" ] || "$BIN" generate --out "$records" --events "$1" --users 100000 --shops 50 --seed 42 >/dev/null
  start_broker 64
  "$BIN" replay --bootstrap "$(cat "$WORK/bootstrap")" --file "$records" --max-lag 0 >"$WORK/replay.log" 2>&1
}

# drained_stores: private Redis and PostgreSQL (database "drain") holding what one silo wrote while
# draining the 150k backlog: the starting point of the scripts that measure the events insert.
drained_stores() {
  start_stores drain
  prefill_backlog 150000
  "$BIN" silo --single-silo --no-dashboard --exit-when-idle 3 --bootstrap "$(cat "$WORK/bootstrap")" \
    --stores redis-postgres --redis "127.0.0.1:$REDIS_PORT" \
    --postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=drain" >"$WORK/silo.log" 2>&1
}
