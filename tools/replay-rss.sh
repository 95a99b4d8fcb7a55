#!/usr/bin/env bash
# Issue 4's memory measurement on Redis and PostgreSQL: a 12-partition embedded broker, one silo on
# private Redis and PostgreSQL (fsync off), and a replay of the 1M-event, 100k-visitor record file
# throttled on the silo's lag — broker, replay, servers and silo each in their own process. Prints
# the silo summary (peak RSS = VmHWM), its RSS every 10 s, the events stored per partition with
# their offset range, so a record the silo never saw shows up as a gap, and the CPU each process spent
# per million events (the two cores are shared by all of them).
#
#   tools/replay-rss.sh [events] [-- extra silo flags]      e.g. tools/replay-rss.sh 1000000
#   Runtime__MaxActivations=20000 tools/replay-rss.sh        settings go in as environment variables
#   RATE=6000 tools/replay-rss.sh                            a steady stream instead of as fast as the lag allows
#   PG_OPTS="-c shared_buffers=1GB" tools/replay-rss.sh     extra PostgreSQL server settings
#
# Needs redis-server and PostgreSQL 15 (./pipeline installs both). Figures go in BENCHMARKS.md.
set -euo pipefail
EVENTS=${1:-1000000}; shift || true
[ "${1:-}" = "--" ] && shift
source "$(dirname "$0")/private-servers.sh"
RECORDS=/tmp/grain-pipeline-replay-rss-$EVENTS.rec

[ -f "$RECORDS" ] || "$BIN" generate --out "$RECORDS" --events "$EVENTS" --users 100000 --shops 50 --seed 42 >/dev/null
start_stores replay ${PG_OPTS:-}

start_broker 12
"$BIN" silo --single-silo --no-dashboard --exit-when-idle 5 --bootstrap "$(cat "$WORK/bootstrap")" \
  --stores redis-postgres --redis "127.0.0.1:$REDIS_PORT" \
  --postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=replay" \
  --summary-json "$WORK/silo.json" "$@" >"$WORK/silo.log" 2>&1 &
SILO_PID=$!
for _ in $(seq 300); do grep -q "joined" "$WORK/silo.log" && break; sleep 0.1; done
( while kill -0 "$SILO_PID" 2>/dev/null; do awk '/VmRSS/{printf "%d ", $2/1024}' "/proc/$SILO_PID/status" 2>/dev/null; sleep 10; done ) >"$WORK/rss" &
PG_PID=$(head -1 "$WORK/pg/postmaster.pid"); REDIS_PID=$(cat "$WORK/redis.pid")
CPU_BEFORE="$(cpu_seconds "$PG_PID" children) $(cpu_seconds "$REDIS_PID") $(cpu_seconds "$BROKER_PID")"
/usr/bin/time -f "%U %S" -o "$WORK/replay.time" "$BIN" replay --bootstrap "$(cat "$WORK/bootstrap")" --file "$RECORDS" --max-lag 1000 ${RATE:+--rate "$RATE"} >"$WORK/replay.log" 2>&1
wait "$SILO_PID" || true
SILO_PID=""
sleep 1 # the pool's backends have exited, so the postmaster has collected their CPU
CPU_AFTER="$(cpu_seconds "$PG_PID" children) $(cpu_seconds "$REDIS_PID") $(cpu_seconds "$BROKER_PID")"

tail -1 "$WORK/replay.log"
echo "silo RSS every 10 s (MiB): $(cat "$WORK/rss")"
echo "events stored per partition (partition:rows:offsets):"
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres replay -At -c \
  "select kafka_partition || ':' || count(*) || ':' || min(kafka_offset) || '-' || max(kafka_offset) from events group by kafka_partition order by kafka_partition" | tr '\n' ' '
echo
echo "offsets never stored (partition:first-last):"
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres replay -At -c \
  "select kafka_partition || ':' || (kafka_offset + 1) || '-' || (next - 1) from (select kafka_partition, kafka_offset, lead(kafka_offset) over (partition by kafka_partition order by kafka_offset) as next from events) t where next > kafka_offset + 1" | tr '\n' ' '
echo
cat "$WORK/silo.json"
echo
python3 - "$WORK/silo.json" "$WORK/replay.time" $CPU_BEFORE $CPU_AFTER <<'EOF'
import json, sys
summary = json.load(open(sys.argv[1]))
before, after = [float(x) for x in sys.argv[3:6]], [float(x) for x in sys.argv[6:9]]
per_million = 1e6 / summary["processed"]
cpu = {"silo": summary["cpuSeconds"], "postgres": after[0] - before[0], "redis": after[1] - before[1],
       "broker": after[2] - before[2], "replay": sum(map(float, open(sys.argv[2]).read().split()))}
total = sum(cpu.values()) * per_million
print("CPU s per million events: " + ", ".join(f"{name} {seconds * per_million:.1f}" for name, seconds in cpu.items())
      + f"; all {total:.1f} ({total:.0f} us per event)")
EOF
