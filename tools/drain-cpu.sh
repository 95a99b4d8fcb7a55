#!/usr/bin/env bash
# Issue 5's CPU accounting on Redis and PostgreSQL: a 64-partition embedded broker is pre-filled with
# a backlog (150k events, 100k Zipf visitors), then one silo on private Redis and PostgreSQL (fsync
# off) drains it alone. Prints the silo's summary and the CPU each process spent on the drain, per
# event: the silo (/usr/bin/time), PostgreSQL (the postmaster's cutime+cstime, which collects its
# exited backends), Redis and the embedded broker serving the fetches (utime+stime).
#
#   tools/drain-cpu.sh [events] [-- extra silo flags]     e.g. tools/drain-cpu.sh 150000
#   PGSS=1 tools/drain-cpu.sh         also print pg_stat_statements' top statements
#   REDIS_STATS=1 tools/drain-cpu.sh  also print Redis's time per command (INFO commandstats)
#   PERF=1 tools/drain-cpu.sh         also record a system-wide profile (perf record -a -g, 15 s) to drain-perf.data at the repo root
#   PG_OPTS="-c synchronous_commit=off" tools/drain-cpu.sh   extra PostgreSQL server settings
#   STORES=memory tools/drain-cpu.sh  the same drain on the in-memory stores: what the store clients cost the silo
#   Flusher__Period=00:10:00 tools/drain-cpu.sh        settings go in as environment variables
#
# Needs redis-server and PostgreSQL 15 (./pipeline installs both). Figures go in BENCHMARKS.md.
set -euo pipefail
EVENTS=${1:-150000}; shift || true
[ "${1:-}" = "--" ] && shift
source "$(dirname "$0")/private-servers.sh"
start_stores drain "${PGSS:+-c shared_preload_libraries=pg_stat_statements}" ${PG_OPTS:-}
[ -n "${PGSS:-}" ] && psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres drain -c "create extension pg_stat_statements"

prefill_backlog "$EVENTS"

PG_PID=$(head -1 "$WORK/pg/postmaster.pid"); REDIS_PID=$(cat "$WORK/redis.pid")
PG_BEFORE=$(cpu_seconds "$PG_PID" children); REDIS_BEFORE=$(cpu_seconds "$REDIS_PID"); BROKER_BEFORE=$(cpu_seconds "$BROKER_PID")
[ -n "${PERF:-}" ] && ( sleep 6; perf record -e cpu-clock -F 999 -a -g -o drain-perf.data -- sleep 15 >/dev/null 2>&1 ) &
/usr/bin/time -f "%U %S" -o "$WORK/silo.time" "$BIN" silo --single-silo --no-dashboard --exit-when-idle 3 \
  --bootstrap "$(cat "$WORK/bootstrap")" --stores "${STORES:-redis-postgres}" --redis "127.0.0.1:$REDIS_PORT" \
  --postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=drain" \
  --summary-json "$WORK/silo.json" "$@" >"$WORK/silo.log" 2>&1 || { tail -20 "$WORK/silo.log"; exit 1; }
sleep 1 # the pool's backends have exited, so the postmaster has collected their CPU
PG_AFTER=$(cpu_seconds "$PG_PID" children); REDIS_AFTER=$(cpu_seconds "$REDIS_PID"); BROKER_AFTER=$(cpu_seconds "$BROKER_PID")

[ -n "${PGSS:-}" ] && psql -h 127.0.0.1 -p "$PG_PORT" -U postgres drain -c \
  "select calls, round(total_exec_time) as ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 70) as statement from pg_stat_statements order by total_exec_time desc limit 8"
[ -n "${REDIS_STATS:-}" ] && redis-cli -p "$REDIS_PORT" info commandstats | grep '^cmdstat' | tr ':,' '  ' | sort -t= -k3 -nr | head -12
python3 - "$WORK/silo.json" "$WORK/silo.time" "$PG_BEFORE" "$PG_AFTER" "$REDIS_BEFORE" "$REDIS_AFTER" "$BROKER_BEFORE" "$BROKER_AFTER" <<'EOF'
import json, sys
summary = json.load(open(sys.argv[1]))
user, system = map(float, open(sys.argv[2]).read().split())
pg, redis, broker = (float(sys.argv[i + 1]) - float(sys.argv[i]) for i in (3, 5, 7))
n = summary["processed"]
print(f"processed {n:,} at {summary['eventsPerSecond']:,.0f} events/s, peak RSS {summary['peakRssMiB']} MiB, "
      f"{summary['allocatedBytesPerEvent']:,} B allocated per event, {summary['workItemsPerEvent']} thread-pool work items per event, "
      f"{summary['joinedCallsPerEvent']} of events run in a turn with the one before, "
      f"GC pauses {summary['gcPauseSeconds']} s")
for name, seconds in (("silo", user + system), ("postgres", pg), ("redis", redis), ("broker", broker)):
    print(f"{name:9} {seconds:6.1f} s CPU = {seconds * 1e6 / n:5.0f} us per event")
print("store writes:", json.dumps(summary.get("storeWrites", {})))
EOF
