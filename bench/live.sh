#!/usr/bin/env bash
# Live coverage, on a throwaway PostgreSQL with N generated articles (default 10,000) and the Release API on loopback.
#   1. fan-out: STREAMS (5,000) readers of one live story on one replica; UPDATES updates posted a second apart; from each
#      POST's answer to each reader's arrival (p50, p99, max), the app's RSS and live managed heap (dotnet-gcdump) before
#      and with the streams open, and article
#      list reads (wrk, through the output cache) alone and while the streams are open and updates go out, alternating
#      round by round;
#   2. soak: two replicas, SOAK_STREAMS (200) readers on each, one update a second for SOAK_SECONDS (600); the second
#      replica is stopped (SIGTERM) half way and started again 10 s later; readers reconnect with Last-Event-ID to the
#      other replica; in the end every reader must hold every update exactly once, in order.
# Prints Markdown (recorded in bench/LIVE.md).
#
#   bash bench/live.sh [ARTICLES]
#   ROUNDS=3 STREAMS=5000 UPDATES=20 DURATION=15s SOAK_SECONDS=600 SOAK_STREAMS=200 PARTS="1 2" bash bench/live.sh
#
#   SETTINGS="DOTNET_gcServer=0" bash bench/live.sh       # extra environment for the app
#
# Needs: postgresql, wrk, python3, the .NET 10 SDK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
articles=${1:-${ARTICLES:-10000}}
rounds=${ROUNDS:-3}
streams=${STREAMS:-5000}
updates=${UPDATES:-20}
duration=${DURATION:-15s}
soak_seconds=${SOAK_SECONDS:-600}
soak_streams=${SOAK_STREAMS:-200}
parts=${PARTS:-1 2}
port=${PORT:-55437}
app_port=${APP_PORT:-5098}
second_port=${SECOND_PORT:-5097}
key=bench-admin-key-0123456789abcdef0123
for tool in wrk python3 curl; do command -v $tool >/dev/null || { echo "$tool is missing" >&2; exit 1; }; done
source "$here/postgres.sh"
second=""
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
trap 'stop_app; if [ -n "$second" ]; then kill "$second" 2>/dev/null || true; fi; stop_postgres' EXIT
start_postgres live "$port" shared_buffers=512MB max_connections=200 synchronous_commit=off
psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database cms"
connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=cms;Maximum Pool Size=16"

cd "$root"
dotnet build -c Release src/Cms.Api -v q -nologo >/dev/null
dotnet build -c Release bench/Cms.Bench.Generator -v q -nologo >/dev/null
dotnet build -c Release bench/Cms.Bench.Live -v q -nologo >/dev/null
readers() { dotnet bench/Cms.Bench.Live/bin/Release/net10.0/Cms.Bench.Live.dll "$@"; }

start() { # $1 port; prints the pid
  env Database__Provider=Postgres "ConnectionStrings__Cms=$connection" Database__SeedDemoContent=false \
    Cms__BootstrapAdminKey=$key RateLimits__Writes=0 Live__StreamsPerAddress=100000 \
    Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production ${SETTINGS:-} \
    dotnet src/Cms.Api/bin/Release/net10.0/Cms.Api.dll --urls "http://127.0.0.1:$1" >> "$work/app-$1.log" 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/app-$1.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "$pid"
}
base="http://127.0.0.1:$app_port"
admin() { curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$@"; }
live_story() { # prints the id of a new published story with live coverage
  local id author
  author=$(admin -X POST "$base/api/v1/authors" -d "{\"name\":\"Wartawan $RANDOM$RANDOM\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  id=$(admin -X POST "$base/api/v1/articles" -d "{\"title\":\"Langsung $RANDOM$RANDOM\",\"body\":\"Liputan langsung.\",\"status\":\"published\",\"authors\":[{\"authorId\":\"$author\"}]}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  admin -o /dev/null -X POST "$base/api/v1/articles/$id/coverage/start"
  echo "$id"
}
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
# The managed heap's live objects: dotnet-gcdump forces a full collection and counts what survives. RSS, beside it,
# also holds what Server GC has not given back yet.
dotnet tool install --tool-path "$work/tools" dotnet-gcdump --version 10.0.750501 >/dev/null
heap_mb() {
  "$work/tools/dotnet-gcdump" collect -p "$app" -o "$work/heap.gcdump" >/dev/null 2>&1
  "$work/tools/dotnet-gcdump" report "$work/heap.gcdump" 2>/dev/null | awk '/GC Heap bytes/ {gsub(",", "", $1); printf "%.0f", $1/1048576}'
}

app=$(start "$app_port")
echo "Generating $articles articles..." >&2
dotnet bench/Cms.Bench.Generator/bin/Release/net10.0/Cms.Bench.Generator.dll \
  --connection "$connection" --articles "$articles" --out "$work/data-files" >&2
psql -h 127.0.0.1 -p "$port" -U postgres -d cms -qAt -c "checkpoint" >/dev/null

wrk_rps() { wrk -t2 -c32 -d"$duration" "$base/api/v1/articles" | awk '/Requests\/sec/ {print $2}'; }

wrk_rps >/dev/null # warm up: JIT, pools, the output cache
echo "Articles: $articles; $(nproc) cores; $(date -u +%Y-%m-%d)."
if [[ " $parts " == *" 1 "* ]]; then
  echo
  echo "## 1. $streams streams on one replica"
  echo
  echo "| Round | Reads alone req/s | Reads with streams req/s | Ratio | RSS | RSS MB per 1,000 streams | Live managed heap (full GC) | Heap MB per 1,000 | Arrivals | Missing | p50 | p99 | max |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for round in $(seq 1 "$rounds"); do
    alone=$(wrk_rps)
    story=$(live_story)
    before=$(rss_mb "$app"); heap_before=$(heap_mb)
    fifo="$work/fanout-$round"
    # The readers post UPDATES updates a second apart once every stream is open: wrk runs meanwhile.
    readers fanout "$base" "$story" "$key" "$streams" "$updates" 1000 > "$fifo" &
    fan=$!
    until grep -q ready "$fifo" 2>/dev/null; do kill -0 "$fan" 2>/dev/null || { cat "$fifo" >&2; exit 1; }; sleep 0.2; done
    open=$(rss_mb "$app"); heap_open=$(heap_mb)
    with=$(wrk_rps)
    wait "$fan"
    stats=$(tail -n 1 "$fifo")
    python3 - "$round" "$alone" "$with" "$before" "$open" "$heap_before" "$heap_open" "$streams" "$stats" <<'PY'
import json, sys
round_, alone, with_, before, open_, heap_before, heap_open, streams, stats = sys.argv[1:]
s = json.loads(stats)
k = int(streams) / 1000
print(f"| {round_} | {float(alone):,.0f} | {float(with_):,.0f} | {float(with_)/float(alone):.3f} | {before} → {open_} MB | "
      f"{(float(open_) - float(before)) / k:.1f} | {heap_before} → {heap_open} MB | {(float(heap_open) - float(heap_before)) / k:.1f} | "
      f"{s['arrivals']:,} | {s['missing']} | {s['p50']:.0f} ms | {s['p99']:.0f} ms | {s['max']:.0f} ms |")
PY
  done
fi

if [[ " $parts " == *" 2 "* ]]; then
  echo
  echo "## 2. Soak: two replicas, $soak_streams readers each, one update a second for $soak_seconds s, the second restarted half way"
  echo
  second=$(start "$second_port")
  story=$(live_story)
  out="$work/soak.json"
  readers soak "$base,http://127.0.0.1:$second_port" "$story" "$key" "$soak_streams" "$soak_seconds" > "$out" &
  soak=$!
  sleep $(( soak_seconds / 2 ))
  kill -TERM "$second"; wait "$second" 2>/dev/null || true
  stopped=$(date -u +%H:%M:%S)
  sleep 10
  second=$(start "$second_port")
  echo "Second replica stopped at $stopped UTC and started again 10 s later." 
  status=0; wait "$soak" || status=$?
  echo
  echo '```'
  cat "$out"
  echo '```'
  echo
  [ "$status" = 0 ] && echo "Every reader holds every update exactly once, in order." || echo "**Some reader lost or repeated an update.**"
fi
