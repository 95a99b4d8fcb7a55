#!/usr/bin/env bash
# Short load test of the collector as its own process, against the embedded broker in another,
# with ApacheBench as an independent HTTP client. Prints requests/s, the non-2xx share and the
# collector's peak resident memory (VmHWM) for each scenario. Figures go in BENCHMARKS.md (Collector section).
#
#   tools/collector-load.sh [requests-per-scenario]
#
# Scenarios: single events with default limits; 20-event batches; overload, where a request
# budget of 4 (Collector__MaxInFlightRequests=4) faces 64 concurrent clients; and queue200, where
# 64 clients of 20-event batches face a producer queue of 200 records. In the last two most
# answers are 503 + Retry-After, and memory must stay flat.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
command -v ab >/dev/null || apt-get install -y apache2-utils >/dev/null
dotnet build Silo/GrainPipeline.Silo.csproj -c Release -v q -nologo >/dev/null
BIN=Silo/bin/Release/net10.0/grain-pipeline
WORK=$(mktemp -d)
BROKER_PID=""; COLLECTOR_PID=""
cleanup() {
  [ -n "$COLLECTOR_PID" ] && kill "$COLLECTOR_PID" 2>/dev/null || true
  [ -n "$BROKER_PID" ] && kill "$BROKER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" broker --brokers 1 --partitions 12 --bootstrap-file "$WORK/bootstrap" >"$WORK/broker.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 50); do [ -s "$WORK/bootstrap" ] && break; sleep 0.1; done

event() { printf '{"id":"sh-%s","name":"product_viewed","clientId":"client-%s","timestamp":"2024-05-01T12:00:00.000Z","seq":1,"type":"standard","context":{"document":{"location":{"href":"https://demo-shop.example/products/tee?gclid=abc","pathname":"/products/tee"},"referrer":""},"navigator":{"language":"en","userAgent":"Mozilla/5.0"}},"data":{"productVariant":{"id":"4242","price":{"amount":29.95,"currencyCode":"EUR"},"product":{"id":"99","title":"Tee","vendor":"Demo","type":"Shirt"},"sku":"TEE-1","title":"M"}}}' "$1" "$1"; }
event 1 >"$WORK/one.json"
{ printf '['; for i in $(seq 1 20); do [ "$i" -gt 1 ] && printf ','; event "$i"; done; printf ']'; } >"$WORK/batch.json"

run() { # name, concurrency, requests, body, extra env...
  local name=$1 c=$2 n=$3 body=$4; shift 4
  : >"$WORK/url"  # emptied here: the background child's own truncation may come too late
  env "$@" "$BIN" collector --bootstrap "$(cat "$WORK/bootstrap")" --port 0 --per-shop-rate 0 >"$WORK/url" 2>"$WORK/collector.log" &
  COLLECTOR_PID=$!
  for _ in $(seq 300); do [ -s "$WORK/url" ] && break; sleep 0.1; done
  local url; url=$(head -1 "$WORK/url")
  [ -n "$url" ] || { echo "collector did not start:" >&2; cat "$WORK/collector.log" >&2; exit 1; }
  for _ in $(seq 100); do curl -sf "${url}readyz" >/dev/null && break; sleep 0.1; done
  local idle; idle=$(awk '/VmRSS/ {print $2}' "/proc/$COLLECTOR_PID/status")
  ab -q -k -c "$c" -n "$n" -p "$body" -T application/json "${url}v1/pixel/demo-shop.myshopify.com" >"$WORK/ab.txt" 2>&1 || true
  [ -n "${DEBUG:-}" ] && cat "$WORK/ab.txt" "$WORK/collector.log" >&2
  local rps non2xx peak
  rps=$(awk '/Requests per second/ {print $4}' "$WORK/ab.txt")
  non2xx=$(awk '/Non-2xx responses/ {print $3}' "$WORK/ab.txt"); non2xx=${non2xx:-0}
  peak=$(awk '/VmHWM/ {print $2}' "/proc/$COLLECTOR_PID/status")
  local accepted; accepted=$(curl -s "${url}metrics" | awk '/^gp_collector_events_accepted_total/ {print $2}' || true)
  printf '%-10s c=%-3s n=%-6s %8s req/s  non-2xx %6s (%5.1f%%)  events acked %8s  RSS idle %4d MiB, peak %4d MiB\n' \
    "$name" "$c" "$n" "$rps" "$non2xx" "$(echo "100*$non2xx/$n" | bc -l)" "${accepted:-0}" $((idle / 1024)) $((peak / 1024))
  kill "$COLLECTOR_PID"; wait "$COLLECTOR_PID" 2>/dev/null || true; COLLECTOR_PID=""
}

run single   32 "$N"        "$WORK/one.json"
run batch20  32 "$((N/10))" "$WORK/batch.json"
run overload 64 "$N"        "$WORK/one.json" Collector__MaxInFlightRequests=4
run queue200 64 "$((N/10))" "$WORK/batch.json" Collector__ProducerQueueMessages=200
