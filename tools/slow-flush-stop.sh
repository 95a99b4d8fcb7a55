#!/usr/bin/env bash
# How long a silo's stop takes when product_stats is slow: a trigger makes every applied flusher
# batch take SLOW seconds (default 0.2) in PostgreSQL. One silo on private Redis and PostgreSQL
# drains a 64-partition backlog (as tools/drain-cpu.sh does), then stops when idle. Prints the
# silo's output with seconds since start, how many flusher batches and cells reached product_stats,
# and how many cells were left in the Redis buffer for the partitions' next owner (its index sets).
#
#   tools/slow-flush-stop.sh [events] [-- extra silo flags]     e.g. tools/slow-flush-stop.sh 150000
#   SLOW=0.5 tools/slow-flush-stop.sh          a slower store
#
# Needs redis-server and PostgreSQL 15 (./pipeline installs both). Figures go in FAULTS.md.
set -euo pipefail
EVENTS=${1:-150000}; shift || true
[ "${1:-}" = "--" ] && shift
source "$(dirname "$0")/private-servers.sh"
start_stores drain
prefill_backlog "$EVENTS"

sql() { psql -qtA -h 127.0.0.1 -p "$PG_PORT" -U postgres drain -c "$1"; }
# The silo creates the tables; the trigger goes on as soon as they exist, before the first flush.
( for _ in $(seq 1 150); do
    if sql "select 1 from pg_tables where tablename = 'applied_stat_batches'" 2>/dev/null | grep -q 1; then
      sql "create function slow_apply() returns trigger as \$\$ begin perform pg_sleep(${SLOW:-0.2}); return new; end \$\$ language plpgsql;
           create trigger slow_apply before insert on applied_stat_batches for each row execute function slow_apply();"
      exit 0
    fi
    sleep 0.2
  done; echo "the silo never created its tables" >&2 ) &
START=$(date +%s.%N)
"$BIN" silo --single-silo --no-dashboard --exit-when-idle 3 \
  --bootstrap "$(cat "$WORK/bootstrap")" --stores redis-postgres --redis "127.0.0.1:$REDIS_PORT" \
  --postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=drain" "$@" 2>&1 |
  while IFS= read -r line; do printf '%6.1f s  %s\n' "$(echo "$(date +%s.%N) - $START" | bc)" "$line"; done >"$WORK/silo.log"
# The last progress line (the stop begins --exit-when-idle seconds after the drain), then the rest.
grep -F '[#' "$WORK/silo.log" | tail -1 || true
grep -vF '[#' "$WORK/silo.log" | tail -4 || true
echo "product_stats batches, cells: $(sql "select count(*) || ', ' || coalesce(sum(cells), 0) from applied_stat_batches")"
LEFT=0
while IFS= read -r index; do LEFT=$((LEFT + $(redis-cli -p "$REDIS_PORT" scard "$index"))); done < <(redis-cli -p "$REDIS_PORT" --scan --pattern 'gp:stats-index:*')
echo "cells left in the Redis buffer for the next owner: $LEFT"
