#!/usr/bin/env bash
# The cache while the newsroom writes (issue 43): stories read by random slug (of 20,000) and the homepage list, at
# 64 connections through the output cache, quiet and in a burst of writes: one editor saving a published story every
# second and five editors autosaving their drafts every five seconds, through the same app. Writes bench/BURST.md.
#
#   bash bench/burst.sh [ARTICLES]                        default 20,000 stories
#   BEFORE=/path/to/other/checkout bash bench/burst.sh    before and after side by side (git worktree add /tmp/before <commit>)
#   ROUNDS=3 DURATION=10s WARMUP=20s CONNECTIONS=64 THREADS=2 POOL=8 bash bench/burst.sh
#
# With BEFORE both builds run at once on one database (each with its own in-memory cache, its writers writing through
# it), and every row is measured on each in turn, alternating which goes first; the report gives medians over rounds
# and the burst's share of the quiet rate, measured in the same round.
# Needs: PostgreSQL server binaries, wrk, curl, python3, the .NET 10 SDK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
articles=${1:-${ARTICLES:-20000}}
duration=${DURATION:-10s}
warmup=${WARMUP:-20s}
rounds=${ROUNDS:-3}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
pool=${POOL:-8}
port=${PORT:-55436}
app_port=${APP_PORT:-5108}
key=bench-burst-admin-key-0123456789abcdef
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
source "$here/postgres.sh"
writers=()
stop_writers() { for w in "${writers[@]}"; do kill "$w" 2>/dev/null || true; wait "$w" 2>/dev/null || true; done; writers=(); }
stop_all() {
  stop_writers; stop_app
  if [ -n "${app_before:-}" ]; then kill "$app_before" 2>/dev/null || true; wait "$app_before" 2>/dev/null || true; fi
  stop_postgres
}
trap stop_all EXIT

start_postgres burst "$port" shared_buffers=1GB max_connections=200 synchronous_commit=off
psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database cms"
connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=cms;Maximum Pool Size=$pool"
cd "$root"
before=${BEFORE:-}
dotnet build -c Release src/Cms.Api -v q -nologo >/dev/null
if [ -n "$before" ]; then (cd "$before" && dotnet build -c Release src/Cms.Api -v q -nologo >/dev/null); fi
dotnet build -c Release bench/Cms.Bench.Generator -v q -nologo >/dev/null

launch() { # $1: checkout, $2: port, $3: Database__MigrateOnStartup; sets $pid
  env Database__Provider=Postgres "ConnectionStrings__Cms=$connection" Database__SeedDemoContent=false \
    Database__MigrateOnStartup="$3" Cms__BootstrapAdminKey="$key" Cache__Enabled=true \
    Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$1/src/Cms.Api/bin/Release/net10.0/Cms.Api.dll" --urls "http://127.0.0.1:$2" > "$work/app-$2.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$2/health/ready" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "the app on port $2 exited:" >&2; cat "$work/app-$2.log" >&2; exit 1; }
    sleep 0.5
  done
}
launch "$root" "$app_port" true; app=$pid
dotnet bench/Cms.Bench.Generator/bin/Release/net10.0/Cms.Bench.Generator.dll \
  --connection "$connection" --articles "$articles" --out "$work/data-files" >&2
psql -h 127.0.0.1 -p "$port" -U postgres -d cms -qAt -c "checkpoint" >/dev/null
if [ -n "$before" ]; then launch "$before" "$((app_port + 1))" false; app_before=$pid; fi
builds() { if [ -z "$before" ]; then echo after; elif (( $1 % 2 )); then echo after before; else echo before after; fi; }
url_of() { [ "$1" = before ] && echo "http://127.0.0.1:$((app_port + 1))" || echo "http://127.0.0.1:$app_port"; }

api() { # $1 method, $2 url, $3 body, $4 content type
  curl -sf -X "$1" -H "Authorization: Bearer $key" -H "If-Match: *" -H "Content-Type: ${4:-application/json}" -d "$3" "$2"
}
author=$(curl -sf "$(url_of after)/api/v1/authors?pageSize=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id"])')
new_story() { # $1 base, $2 status: prints the new story's id
  api POST "$1/api/v1/articles" "{\"title\":\"Burst $RANDOM $RANDOM\",\"body\":\"Isi.\",\"status\":\"$2\",\"authors\":[{\"authorId\":\"$author\"}]}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
start_writers() { # $1 build: one published story saved every second, five drafts each autosaved every five seconds
  local base published draft i
  base=$(url_of "$1"); published=${stories[$1]}
  (while :; do api PATCH "$base/api/v1/articles/$published" "{\"subtitle\":\"edit $RANDOM\"}" application/merge-patch+json >/dev/null || true; sleep 1; done) &
  writers+=($!)
  for i in 0 1 2 3 4; do
    draft=$(echo "${drafts[$1]}" | cut -d' ' -f$((i + 1)))
    (sleep "$i"; while :; do api PATCH "$base/api/v1/articles/$draft" "{\"body\":\"autosave $RANDOM\"}" application/merge-patch+json >/dev/null || true; sleep 5; done) &
    writers+=($!)
  done
}
declare -A stories drafts
for build in $(builds 1); do
  stories[$build]=$(new_story "$(url_of "$build")" published)
  drafts[$build]="$(for i in 1 2 3 4 5; do new_story "$(url_of "$build")" draft; done | tr '\n' ' ')"
done

export PICK_FILE="$work/data-files/slugs.txt" PICK_PREFIX="/api/v1/articles/slug/"
results="$work/results.tsv"; : > "$results"
measure() { # $1 build, $2 row, $3 load, $4 round
  local base args out
  base=$(url_of "$1")
  if [ "$2" = slug ]; then args=(-s "$here/wrk/pick.lua" "$base"); else args=("$base/api/v1/articles?pageSize=20"); fi
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "${args[@]}")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '$1=="99%" {print $2}')" >> "$results"
  echo "round $4, $1 $2 $3: $(tail -n 1 "$results" | cut -f5) req/s, p99 $(tail -n 1 "$results" | cut -f6)" >&2
}
for build in $(builds 2); do # the JIT, the pools, and a first pass of every slug into the cache
  PICK_FILE="$work/data-files/slugs.txt" wrk -t"$threads" -c"$connections" -d"$warmup" -s "$here/wrk/pick.lua" "$(url_of "$build")" >/dev/null
done
for round in $(seq "$rounds"); do
  for row in slug list; do
    for build in $(builds "$round"); do
      measure "$build" "$row" quiet "$round"
      start_writers "$build"; sleep 2
      measure "$build" "$row" burst "$round"
      stop_writers
    done
  done
done

BEFORE="$before" python3 - "$results" "$articles" "$duration" "$connections" "$rounds" > "$here/BURST.md" <<'PY'
import os, statistics, sys, subprocess, datetime
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
articles, duration, connections, rounds = sys.argv[2:6]
def ms(v):
    return float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000
def cell(build, row, load):
    got = [r for r in rows if r[0] == build and r[1] == row and r[2] == load]
    return got
builds = ["after"] + (["before"] if os.environ.get("BEFORE") else [])
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
print(f"# The cache while the newsroom writes\n\n{datetime.date.today()}, {os.cpu_count()} cores ({cpu}), PostgreSQL, {articles} stories, "
      f"{connections} connections, {rounds} rounds of {duration} per row, medians over rounds. `bash bench/burst.sh` "
      "(BEFORE=<checkout> for the comparison). Burst: one published story saved every second and five drafts each "
      "autosaved every five seconds, through the app measured.\n")
print("| Build | Row | Quiet req/s | Burst req/s | Burst / quiet (median of rounds) | Quiet p99 | Burst p99 |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for build in builds:
    for row in ["slug", "list"]:
        quiet, burst = cell(build, row, "quiet"), cell(build, row, "burst")
        ratios = [float(b[4]) / float(q[4]) for q in quiet for b in burst if q[3] == b[3]]
        print(f"| {build} | {'story by random slug' if row == 'slug' else 'homepage list'} | {statistics.median(float(q[4]) for q in quiet):,.0f} | "
              f"{statistics.median(float(b[4]) for b in burst):,.0f} | {statistics.median(ratios):.2f} | "
              f"{statistics.median(ms(q[5]) for q in quiet):.1f} ms | {statistics.median(ms(b[5]) for b in burst):.1f} ms |")
PY
cat "$here/BURST.md"
