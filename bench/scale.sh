#!/usr/bin/env bash
# Does a read keep its speed as the archive grows? Loads 10,000 and then 1,000,000 articles into
# fresh databases, and times each read one request at a time (wrk, 1 connection, output cache off):
# the median and p99 per request at both sizes, and their ratio (the target is at most 2x).
# Writes bench/SCALE.md (and prints it). Takes about ten minutes, most of it loading the million.
#
#   bash bench/scale.sh [SMALL] [LARGE]      default 10000 1000000
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
small=${1:-10000}
large=${2:-1000000}
duration=${DURATION:-8s}
warmup=${WARMUP:-3s}
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

for size in "$small" "$large"; do
  db="cms_$size"
  psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database $db"
  connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=$db"
  env Database__Provider=Postgres "ConnectionStrings__Cms=$connection" Database__SeedDemoContent=false Cache__Enabled=false \
    Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet src/Cms.Api/bin/Release/net10.0/Cms.Api.dll --urls "http://127.0.0.1:$app_port" > "$work/app.log" 2>&1 &
  app=$!
  until curl -sf "$base/health/ready" >/dev/null; do sleep 0.5; done
  echo "Loading $size articles..." >&2
  dotnet bench/Cms.Bench.Generator/bin/Release/net10.0/Cms.Bench.Generator.dll \
    --connection "$connection" --articles "$size" --out "$work/files-$size" >&2
  # Indexes in memory, as a production server keeps them (the 1,000,000-article heap does not fit the
  # 1 GB of shared buffers; its pages come from the OS cache).
  psql -h 127.0.0.1 -p "$port" -U postgres -d "$db" -qAt -c "create extension if not exists pg_prewarm" \
    -c "select sum(pg_prewarm(c.oid)) from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'i'" >/dev/null
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
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$name" "$p50" "$p99" "$rps" "${errors:-0}" >> "$results"
    echo "$size $name: p50 $p50, p99 $p99, $rps req/s, errors ${errors:-0}" >&2
  done
  stop_app
done

python3 - "$results" "$small" "$large" > "$here/SCALE.md" <<'EOF'
import datetime, os, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
small, large = sys.argv[2], sys.argv[3]
def ms(v):
    if v.endswith("us"): return float(v[:-2]) / 1000
    if v.endswith("ms"): return float(v[:-2])
    if v.endswith("s"): return float(v[:-1]) * 1000
    return float(v)
get = {(r[0], r[1]): r for r in rows}
names = {"list": "newest first, page 1", "tag": "tag page (topik-20)", "slug": "article by slug (random)",
         "search": "search (random name)", "common": "search, common word (pemilu, count=false)", "page500": "page 500 (pageSize 10)"}
print("# Speed as the archive grows\n")
print(f"Produced by `bash bench/scale.sh {small} {large}` on {datetime.date.today()}, {os.cpu_count()} cores; "
      "one request at a time (wrk, 1 connection, 3 s unmeasured first), output cache off, Release build, PostgreSQL 15, "
      "indexes prewarmed. The search picks among the same number of names (200) at both sizes.\n")
print(f"| Request | p50 at {int(small):,} | p50 at {int(large):,} | ratio | p99 at {int(small):,} | p99 at {int(large):,} | errors |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for key, label in names.items():
    a, b = get[(small, key)], get[(large, key)]
    ratio = ms(b[2]) / ms(a[2])
    flag = "" if ratio <= 2 else " **(over 2x)**"
    print(f"| {label} | {ms(a[2]):.2f} ms | {ms(b[2]):.2f} ms | {ratio:.2f}x{flag} | {ms(a[3]):.2f} ms | {ms(b[3]):.2f} ms | {int(a[5]) + int(b[5])} |")
EOF
cat "$here/SCALE.md"
