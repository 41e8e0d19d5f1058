#!/usr/bin/env bash
# Does a read keep its speed as the archive grows? Loads 10,000 and 1,000,000 articles into fresh
# databases, then times each read one request at a time (wrk, 1 connection, output cache off) in
# ROUNDS rounds (default 3) that alternate between the two sizes, a fresh app each time, so that both
# sizes meet the shared machine in the same moods. Reports per request the median over the rounds of
# each round's p50 and p99 at both sizes, and the ratio of the p50 medians (the target is at most 2x).
# Writes bench/SCALE.md (and prints it). Takes about half an hour, seventeen minutes of it loading
# the million.
#
#   bash bench/scale.sh [SMALL] [LARGE]      default 10000 1000000
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
small=${1:-10000}
large=${2:-1000000}
duration=${DURATION:-6s}
warmup=${WARMUP:-3s}
rounds=${ROUNDS:-3}
port=${PORT:-55435}
app_port=${APP_PORT:-5096}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
source "$here/postgres.sh"
trap 'stop_app; stop_postgres' EXIT

start_postgres scale "$port" shared_buffers=1GB synchronous_commit=off max_wal_size=4GB

cd "$root"
dotnet build -c Release src/Cms.Api -v q -nologo >/dev/null
dotnet build -c Release bench/Cms.Bench.Generator -v q -nologo >/dev/null
base="http://127.0.0.1:$app_port"
results="$work/results.tsv"
: > "$results"

start_app() { # start_app SIZE: the API on that size's database, output cache off
  local connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=cms_$1"
  env Database__Provider=Postgres "ConnectionStrings__Cms=$connection" Database__SeedDemoContent=false Cache__Enabled=false \
    Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet src/Cms.Api/bin/Release/net10.0/Cms.Api.dll --urls "http://127.0.0.1:$app_port" > "$work/app.log" 2>&1 &
  app=$!
  until curl -sf "$base/health/ready" >/dev/null; do sleep 0.5; done
}

for size in "$small" "$large"; do
  psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database cms_$size"
  start_app "$size" # creates the schema
  echo "Loading $size articles..." >&2
  dotnet bench/Cms.Bench.Generator/bin/Release/net10.0/Cms.Bench.Generator.dll \
    --connection "Host=127.0.0.1;Port=$port;Username=postgres;Database=cms_$size" --articles "$size" --out "$work/files-$size" >&2
  stop_app
done

for round in $(seq "$rounds"); do
  for size in "$small" "$large"; do
    # Indexes in memory, as a production server keeps them (the 1,000,000-article heap does not fit the
    # 1 GB of shared buffers; its pages come from the OS cache).
    psql -h 127.0.0.1 -p "$port" -U postgres -d "cms_$size" -qAt -c "create extension if not exists pg_prewarm" \
      -c "select sum(pg_prewarm(c.oid)) from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'i'" >/dev/null
    start_app "$size"
    for name in list tag slug search common page500; do
      case $name in
        list) args=("$base/api/v1/articles?pageSize=20") ;;
        tag) args=("$base/api/v1/articles?tag=topik-20&pageSize=20") ;;
        page500) args=("$base/api/v1/articles?page=500&pageSize=10") ;;
        slug) export PICK_FILE="$work/files-$size/slugs.txt" PICK_PREFIX="/api/v1/articles/slug/"
          args=(-s "$here/wrk/pick.lua" "$base") ;;
        search) export PICK_FILE="$work/files-$size/searches.txt" PICK_PREFIX="/api/v1/articles?pageSize=20&q="
          args=(-s "$here/wrk/pick.lua" "$base") ;;
        common) args=("$base/api/v1/articles?pageSize=20&q=pemilu&count=false") ;;
      esac
      wrk -t1 -c1 -d"$warmup" "${args[@]}" >/dev/null # warm-up: JIT, pools, prepared statements, counts
      out=$(wrk -t1 -c1 -d"$duration" --latency "${args[@]}")
      p50=$(echo "$out" | awk '$1=="50%" {print $2}')
      p99=$(echo "$out" | awk '$1=="99%" {print $2}')
      rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
      errors=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$name" "$p50" "$p99" "$rps" "${errors:-0}" "$round" >> "$results"
      echo "round $round, $size $name: p50 $p50, p99 $p99, $rps req/s, errors ${errors:-0}" >&2
    done
    stop_app
  done
done

python3 "$here/scale_report.py" "$results" "$small" "$large" "$rounds" > "$here/SCALE.md"
cat "$here/SCALE.md"
