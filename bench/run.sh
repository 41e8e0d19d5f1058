#!/usr/bin/env bash
# The load benchmark: a throwaway PostgreSQL, N generated articles (default 100,000), the Release API,
# and wrk on loopback with 64 connections. Each read is measured cold (output cache off) and warm,
# next to GET /health/live in the same app run as the ceiling of the stack on this machine.
# Writes bench/RESULTS.md (and prints it).
#
#   bash bench/run.sh [ARTICLES]        e.g. bash bench/run.sh 100000
#   ROUNDS=5 DURATION=10s WARMUP=30s REWARM=3s CONNECTIONS=64 THREADS=2 POOL=8 bash bench/run.sh
#   BEFORE=/path/to/other/checkout bash bench/run.sh   # before and after side by side
#
# With BEFORE (a checkout of an earlier commit, e.g. git worktree add /tmp/before <commit>), both builds run at
# once on the same database, and every row is measured on each in turn (after first in odd rounds, before first
# in even ones), so that both see the same moments of a noisy machine; the report compares them round by round.
#
# Each mode runs ROUNDS rounds of every row, /health/live first in each; a row's share of the ceiling is taken
# within its round and the report gives the median over the rounds: on shared cores the ceiling alone moved
# between 31,000 and 45,000 requests/s from one run to the next, and a share against one measurement of it
# moved with it. Five rounds since 2026-12-01: with three, a single slow round (a warm tag page at 59% after a
# ceiling of 32,000) moved a median across a target.
#
# Needs: PostgreSQL server binaries and wrk (apt-get install -y postgresql wrk), the .NET 10 SDK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
articles=${1:-${ARTICLES:-100000}}
duration=${DURATION:-10s}
warmup=${WARMUP:-30s}
rewarm=${REWARM:-3s}
rounds=${ROUNDS:-5}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
pool=${POOL:-8}
port=${PORT:-55434}
app_port=${APP_PORT:-5098}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
source "$here/postgres.sh"
stop_apps() {
  stop_app
  if [ -n "${app_before:-}" ]; then kill "$app_before" 2>/dev/null || true; wait "$app_before" 2>/dev/null || true; app_before=""; fi
}
trap 'stop_apps; stop_postgres' EXIT

start_postgres bench "$port" shared_buffers=1GB max_connections=200 synchronous_commit=off
echo "PostgreSQL on port $port, data in $work" >&2
psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database cms"
# The app's connection pool is sized to the machine, not to the load: PostgreSQL does the most with about
# twice as many busy connections as cores. Measured here (cold article by slug, 64 wrk connections):
# 8 connections ~3,900 requests/s, 16 ~3,200, 32 ~2,600 (32 backends on 2 cores mostly switch between each other).
connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=cms;Maximum Pool Size=$pool"

cd "$root"
dotnet build -c Release src/Cms.Api -v q -nologo >/dev/null
before=${BEFORE:-}
if [ -n "$before" ]; then
  (cd "$before" && dotnet build -c Release src/Cms.Api -v q -nologo >/dev/null)
fi
dotnet build -c Release bench/Cms.Bench.Generator -v q -nologo >/dev/null

launch() { # $1: checkout, $2: port, $3: Cache__Enabled, $4: Database__MigrateOnStartup (default true); sets $pid
  env Database__Provider=Postgres "ConnectionStrings__Cms=$connection" Database__SeedDemoContent=false \
    Database__MigrateOnStartup="${4:-true}" \
    Cache__Enabled="$3" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$1/src/Cms.Api/bin/Release/net10.0/Cms.Api.dll" --urls "http://127.0.0.1:$2" > "$work/app-$2.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$2/health/ready" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "the app on port $2 exited:" >&2; cat "$work/app-$2.log" >&2; exit 1; }
    sleep 0.5
  done
}
start_app() { # $1: Cache__Enabled. The build measured ($app), and with BEFORE the one it is compared with ($app_before).
  launch "$root" "$app_port" "$1"; app=$pid
  # The other build reads the schema this one made: an older one does not know its migrations, and would refuse or
  # redo them (the migrations were squashed on 2026-12-07, to the same schema).
  if [ -n "$before" ]; then launch "$before" "$((app_port + 1))" "$1" false; app_before=$pid; fi
}
builds() { # $1: round. The builds to measure, in this round's order.
  if [ -z "$before" ]; then echo after; elif (( $1 % 2 )); then echo after before; else echo before after; fi
}
url_of() { [ "$1" = before ] && echo "http://127.0.0.1:$((app_port + 1))" || echo "http://127.0.0.1:$app_port"; }

launch "$root" "$app_port" false; app=$pid # migrates the empty database
echo "Generating $articles articles..." >&2
gen_start=$(date +%s)
dotnet bench/Cms.Bench.Generator/bin/Release/net10.0/Cms.Bench.Generator.dll \
  --connection "$connection" --articles "$articles" --out "$work/data-files" >&2
gen_seconds=$(( $(date +%s) - gen_start ))
stop_app
# Production keeps its working set in memory; load it once rather than measure the first reads from disk.
psql -h 127.0.0.1 -p "$port" -U postgres -d cms -qAt -c "create extension if not exists pg_prewarm" \
  -c "select sum(pg_prewarm(c.oid)) from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'i', 't')" >/dev/null
# And write the load out now, not under the measurements: left to the timed checkpoint, its half a gigabyte goes
# to disk over the next four to five minutes, the first rounds. The run without this had cold p99s of 550-900 ms
# in its first two rounds, against 23-62 ms for the slug, list and tag page in the others.
psql -h 127.0.0.1 -p "$port" -U postgres -d cms -qAt -c "checkpoint" >/dev/null

results="$work/results.tsv"
: > "$results"
run_wrk() { # $1 mode, $2 name, $3 url or "slugs"/"hot"/"search", $4 round; each build of the round in turn
  local build
  for build in $(builds "$4"); do run_wrk_on "$build" "$@"; done
}
run_wrk_on() { # $1 build, then as run_wrk
  local build=$1 base out args
  base=$(url_of "$build"); shift
  case "$3" in
    slugs|hot) export PICK_FILE="$work/data-files/$([ "$3" = hot ] && echo hot || echo slugs).txt" PICK_PREFIX="/api/v1/articles/slug/"
      args=(-s "$here/wrk/pick.lua" "$base") ;;
    search) export PICK_FILE="$work/data-files/searches.txt" PICK_PREFIX="/api/v1/articles?pageSize=20&q="
      args=(-s "$here/wrk/pick.lua" "$base") ;;
    *) args=("$base$3") ;;
  esac
  # Half a minute of the same load first: on two busy cores the JIT needs 20-25 s to finish compiling this
  # endpoint's code (measured: cold slug 1,300 → 2,300 → 3,500 requests/s over the first three 8 s runs),
  # and a server that runs for days is measured at its steady state, not its first seconds.
  # Later rounds run warm code: a few seconds bring the connections and pools back to this load.
  wrk -t"$threads" -c"$connections" -d"$([ "$4" = 1 ] && echo "$warmup" || echo "$rewarm")" "${args[@]}" >/dev/null
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "${args[@]}")
  local rps p50 p99 non2xx socket
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  socket=$(echo "$out" | awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$rps" "$p50" "$p99" "$(( ${non2xx:-0} + ${socket:-0} ))" "$4" "$build" >> "$results"
  echo "round $4, $build $1 $2: $rps req/s, p50 $p50, p99 $p99, errors $(( ${non2xx:-0} + ${socket:-0} ))" >&2
}

declare -A peak
for mode in cold warm; do
  start_app "$([ $mode = warm ] && echo true || echo false)"
  # One pass to start the JIT, the pools and (warm) the cache.
  for build in $(builds 1); do
    base=$(url_of "$build")
    for url in /health/live "/api/v1/articles?pageSize=20" "/api/v1/articles?tag=topik-20&pageSize=20" "/api/v1/authors?pageSize=20"; do
      curl -sf -o /dev/null "$base$url"
    done
    wrk -t"$threads" -c"$connections" -d3s "$base/api/v1/articles?pageSize=20" >/dev/null
  done
  for round in $(seq "$rounds"); do
    run_wrk "$mode" "health" "/health/live" "$round"
    run_wrk "$mode" "list" "/api/v1/articles?pageSize=20" "$round"
    if [ "$mode" = warm ] && [ "$round" = 1 ]; then
      # Readers crowd onto the stories of the moment: the warm run reads the first 2,000 slugs, after one pass
      # through them (the cold run reads all 20,000, each request its own miss or hit).
      head -n 2000 "$work/data-files/slugs.txt" > "$work/data-files/hot.txt"
      for build in $(builds 1); do
        PICK_FILE="$work/data-files/hot.txt" PICK_PREFIX="/api/v1/articles/slug/" \
          wrk -t"$threads" -c"$connections" -d5s -s "$here/wrk/pick.lua" "$(url_of "$build")" >/dev/null
      done
    fi
    run_wrk "$mode" "slug" "$([ $mode = warm ] && echo hot || echo slugs)" "$round"
    run_wrk "$mode" "tag" "/api/v1/articles?tag=topik-20&pageSize=20" "$round"
    run_wrk "$mode" "search" search "$round"
    run_wrk "$mode" "authors" "/api/v1/authors?pageSize=20" "$round"
  done
  peak[$mode]=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$app/status")
  if [ -n "$before" ]; then peak[$mode-before]=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$app_before/status"); fi
  stop_apps
done

BEFORE="$before" PEAK_BEFORE="${peak[cold-before]:-} ${peak[warm-before]:-}" \
WARMUP="$warmup" REWARM="$rewarm" ROUNDS="$rounds" python3 "$here/report.py" "$results" "$articles" "$gen_seconds" "${peak[cold]}" "${peak[warm]}" \
  "$duration" "$connections" "$threads" "$pool" > "$here/RESULTS.md"
cat "$here/RESULTS.md"
