#!/usr/bin/env bash
# What the silo dashboard costs: CPU of an idle silo (joined, no traffic) without the dashboard,
# with it and nobody looking, and with one viewer polling the way the page does (the new points
# plus the overview, once a second, on one kept-alive connection). CPU is the silo process's own
# utime + stime from /proc over equal windows; "nobody looking" and "one viewer" alternate in the
# same process, so the difference is not a difference between two processes. Prints each window,
# the medians, and the sampler's own figures as the dashboard reports them.
#
#   tools/dashboard-cost.sh [seconds per window, default 30] [rounds, default 3]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="$ROOT/Silo/bin/Release/net10.0/grain-pipeline"
WINDOW=${1:-30}
ROUNDS=${2:-3}
SETTLE=25
TICK=$(getconf CLK_TCK)
work=$(mktemp -d)
[ -x "$BIN" ] || { echo "build first: dotnet build GrainPipeline.sln -c Release" >&2; exit 1; }

"$BIN" broker --partitions 12 --bootstrap-file "$work/bootstrap" >"$work/broker.log" 2>&1 &
broker=$!
viewer=""
trap 'if [ -n "$viewer" ]; then kill "$viewer" 2>/dev/null || true; fi; kill "$broker" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/bootstrap" ] && break; sleep 0.1; done
bootstrap=$(cat "$work/bootstrap")

cpu_ms() { awk -v tick="$TICK" '{ printf "%d", ($14 + $15) * 1000 / tick }' "/proc/$1/stat"; }

# One window: CPU ms per second of process $1 over WINDOW seconds.
window() {
    local before after
    before=$(cpu_ms "$1")
    sleep "$WINDOW"
    after=$(cpu_ms "$1")
    echo "scale=1; ($after - $before) / $WINDOW" | bc
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

start_viewer() {
    # One browser tab: one kept-alive connection, the new points plus the overview each second.
    python3 - "$1" <<'VIEWER' &
import http.client, sys, time, urllib.parse
url = urllib.parse.urlparse(sys.argv[1])
connection = http.client.HTTPConnection(url.hostname, url.port)
last = 0
while True:
    connection.request("GET", f"/api/series?since={last}")
    connection.getresponse().read()
    last = int(time.time() * 1000) - 1500
    connection.request("GET", "/api/overview")
    connection.getresponse().read()
    time.sleep(1)
VIEWER
    viewer=$!
}

stop_viewer() { kill "$viewer"; wait "$viewer" 2>/dev/null || true; viewer=""; }

echo "window ${WINDOW} s, ${ROUNDS} rounds, after ${SETTLE} s to join the group and settle"

"$BIN" silo --bootstrap "$bootstrap" --name cost-plain --no-dashboard >"$work/plain.log" 2>&1 &
silo=$!
sleep "$SETTLE"
plain=()
for round in $(seq "$ROUNDS"); do plain+=("$(window "$silo")"); done
kill -TERM "$silo"; wait "$silo" || true
echo "no dashboard:             ${plain[*]} ms CPU/s"

"$BIN" silo --bootstrap "$bootstrap" --name cost-dashboard --dashboard-port 0 >"$work/dashboard.log" 2>&1 &
silo=$!
sleep 4
url=$(sed -n 's/^dashboard: \(http[^ ]*\).*/\1/p' "$work/dashboard.log" | head -1)
# Warm the request paths once, so the first viewer window does not pay the JIT.
start_viewer "$url"; sleep 5; stop_viewer
sleep $((SETTLE - 9))
idle=(); viewed=()
for round in $(seq "$ROUNDS"); do
    idle+=("$(window "$silo")")
    start_viewer "$url"
    viewed+=("$(window "$silo")")
    stop_viewer
done
echo "dashboard, nobody looking: ${idle[*]} ms CPU/s"
echo "dashboard, one viewer:     ${viewed[*]} ms CPU/s"
curl -s "${url}api/memory" | python3 -c "import json,sys; d=json.load(sys.stdin)['dashboard']; print('sampler: %d samples, mean %.0f us, last %.0f us, first %.0f us (with the JIT); rings %d bytes' % (d['samples'], d['meanSampleMicros'], d['lastSampleMicros'], d['firstSampleMicros'], d['ringBytes']))"
kill -TERM "$silo"; wait "$silo" || true
printf 'medians: no dashboard %s, nobody looking %s, one viewer %s ms CPU per second\n' \
    "$(printf '%s\n' "${plain[@]}" | median)" "$(printf '%s\n' "${idle[@]}" | median)" "$(printf '%s\n' "${viewed[@]}" | median)"
