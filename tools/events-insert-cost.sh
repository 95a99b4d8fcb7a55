#!/usr/bin/env bash
# Where the events insert's cost goes: one silo drains the 150k backlog into private Redis and
# PostgreSQL (as tools/drain-cpu.sh does), then the stored events are copied into a scratch table in
# random order and inserted again, in one statement each, into tables that differ in one respect
# (no ON CONFLICT, json instead of jsonb, a C-collation key, lz4 TOAST, no payload), and once with
# COPY from a file instead of INSERT. Prints the time of each statement. Figures go in BENCHMARKS.md.
#
#   tools/events-insert-cost.sh
set -euo pipefail
source "$(dirname "$0")/private-servers.sh"
drained_stores

# The server writes and reads the COPY file itself, so it goes where the postgres user may write.
COPY_FILE=$(mktemp -u /tmp/grain-pipeline-events-XXXXXX.tsv)
trap 'rm -f "$COPY_FILE"; stop_private_servers' EXIT
psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -v copyfile="$COPY_FILE" drain <<'SQL' 2>&1 | grep -E '^--|Time'
\timing on
CREATE TABLE src AS SELECT event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset,
  convert_to(payload::text, 'UTF8') AS j FROM events ORDER BY random();
\echo -- as the table is (jsonb, ON CONFLICT DO NOTHING)
CREATE TABLE e1 (LIKE events INCLUDING ALL);
INSERT INTO e1 (event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset, payload)
  SELECT event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset, convert_from(j, 'UTF8')::jsonb FROM src ON CONFLICT (event_id) DO NOTHING;
\echo -- without ON CONFLICT
CREATE TABLE e2 (LIKE events INCLUDING ALL);
INSERT INTO e2 (event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset, payload)
  SELECT event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset, convert_from(j, 'UTF8')::jsonb FROM src;
\echo -- payload as json
CREATE TABLE e3 (event_id text PRIMARY KEY, shop text, client_id text, name text, occurred_at timestamptz, kafka_partition int, kafka_offset bigint, payload json, write_seq bigserial);
INSERT INTO e3 (event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset, payload)
  SELECT event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset, convert_from(j, 'UTF8')::json FROM src ON CONFLICT (event_id) DO NOTHING;
\echo -- event_id in C collation
CREATE TABLE e4 (event_id text COLLATE "C" PRIMARY KEY, shop text, client_id text, name text, occurred_at timestamptz, kafka_partition int, kafka_offset bigint, payload jsonb, write_seq bigserial);
INSERT INTO e4 (event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset, payload)
  SELECT event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset, convert_from(j, 'UTF8')::jsonb FROM src ON CONFLICT (event_id) DO NOTHING;
\echo -- no payload column
CREATE TABLE e5 (event_id text PRIMARY KEY, shop text, client_id text, name text, occurred_at timestamptz, kafka_partition int, kafka_offset bigint, write_seq bigserial);
INSERT INTO e5 (event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset)
  SELECT event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset FROM src ON CONFLICT (event_id) DO NOTHING;
\echo -- lz4 TOAST compression
SET default_toast_compression = lz4;
CREATE TABLE e6 (event_id text PRIMARY KEY, shop text, client_id text, name text, occurred_at timestamptz, kafka_partition int, kafka_offset bigint, payload jsonb, write_seq bigserial);
INSERT INTO e6 (event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset, payload)
  SELECT event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset, convert_from(j, 'UTF8')::jsonb FROM src ON CONFLICT (event_id) DO NOTHING;
RESET default_toast_compression;
COPY (SELECT event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset, convert_from(j, 'UTF8') FROM src) TO :'copyfile';
\echo -- COPY (text, server-side from a file) into the table as it is
CREATE TABLE e7 (LIKE events INCLUDING ALL);
COPY e7 (event_id, shop, client_id, name, occurred_at, kafka_partition, kafka_offset, payload) FROM :'copyfile';
SQL
