#!/usr/bin/env bash
# What a batch's size does to PostgreSQL's CPU per event row: one silo drains the 150k backlog into
# private Redis and PostgreSQL (as tools/drain-cpu.sh does); the stored events are shuffled into a
# scratch table, then inserted again into an empty copy of `events` in chunks of each given size,
# with the pipeline's clause (jsonb from bytes, ON CONFLICT DO NOTHING RETURNING), by CLIENTS
# concurrent pgbench clients (default 2, as Postgres:WriteConcurrency). Prints wall time and the
# server's CPU (the postmaster's cutime+cstime) per row. Figures go in BENCHMARKS.md.
#
#   tools/events-batch-cost.sh 1 25 100 500
#   CLIENTS=1 tools/events-batch-cost.sh 500
set -euo pipefail
CLIENTS=${CLIENTS:-2}
source "$(dirname "$0")/private-servers.sh"
drained_stores

sql() { psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres drain "$@"; }
sql -c "CREATE TABLE src AS SELECT row_number() OVER (ORDER BY random()) AS n, event_id, shop, client_id, name,
          occurred_at, kafka_partition, kafka_offset, convert_to(payload::text, 'UTF8') AS j FROM events;
        ALTER TABLE src ADD PRIMARY KEY (n);"
PG_PID=$(head -1 "$WORK/pg/postmaster.pid")
server_cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($16 + $17) * 1000 / hz)}' "/proc/$PG_PID/stat"; }

for size in "$@"; do
  sql -c "DROP TABLE IF EXISTS e1; CREATE TABLE e1 (LIKE events INCLUDING ALL);
          DROP SEQUENCE IF EXISTS chunk; CREATE SEQUENCE chunk MINVALUE 0 START 0; CHECKPOINT;" 2>/dev/null
  # Each transaction takes the next chunk of the shuffled rows, so the clients never insert the same rows.
  cat >"$WORK/chunk.sql" <<SQL
WITH c AS (SELECT nextval('chunk') AS c)
INSERT INTO e1 (event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset, payload)
SELECT event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset, convert_from(j, 'UTF8')::jsonb
FROM src, c WHERE src.n > c.c * $size AND src.n <= (c.c + 1) * $size
ON CONFLICT (event_id) DO NOTHING RETURNING event_id;
SQL
  before=$(server_cpu_ms); start=$(date +%s%N)
  pgbench -n -M prepared -c "$CLIENTS" -j "$CLIENTS" -t $((150000 / size / CLIENTS)) -f "$WORK/chunk.sql" \
    -h 127.0.0.1 -p "$PG_PORT" -U postgres drain >/dev/null 2>&1
  end=$(date +%s%N); sleep 0.5 # the clients' backends have exited and been collected
  rows=$(sql -At -c "SELECT count(*) FROM e1")
  cpu=$(( $(server_cpu_ms) - before ))
  printf 'chunk %4d, %d clients: %6d rows in %5.2f s, server CPU %5d ms = %3d us per row\n' \
    "$size" "$CLIENTS" "$rows" "$(echo "($end - $start) / 1000000000" | bc -l)" "$cpu" $((cpu * 1000 / rows))
done
