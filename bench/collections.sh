#!/usr/bin/env bash
# Collections and most read, on a throwaway PostgreSQL with N generated articles (default 100,000) and a throwaway
# Redis, the Release API, wrk on loopback. Three parts, each alternating what it compares, round by round:
#   1. reads: the 30-item homepage collection (10 chosen, the newest after them) against the 20-item article list, at
#      32 connections, as shipped (the in-process output cache) and cold (Cache__Enabled=false);
#   2. views: article reads through the cache (Redis) alone, and while batches of 20 views are posted at once;
#   3. most read: 1,000,000 views loaded into the last 24 hours' buckets and 1,000,000 more over the six days before;
#      a most-read collection's first read of a bucket (the ranking computed), then its cold reads.
# Prints Markdown (recorded in bench/COLLECTIONS.md).
#
#   bash bench/collections.sh [ARTICLES]
#   ROUNDS=5 DURATION=10s CONNECTIONS=32 VIEW_CONNECTIONS=8 DELAY_MS=20 bash bench/collections.sh
#   PARTS="2" bash bench/collections.sh 3000     # one part only (its report table alone)
#
# Needs: postgresql, redis-server, wrk, python3, the .NET 10 SDK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
articles=${1:-${ARTICLES:-100000}}
rounds=${ROUNDS:-5}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
view_connections=${VIEW_CONNECTIONS:-8}
delay_ms=${DELAY_MS:-20}
parts=${PARTS:-1 2 3}
threads=${THREADS:-2}
port=${PORT:-55436}
redis_port=${REDIS_PORT:-55493}
app_port=${APP_PORT:-5099}
key=bench-admin-key-0123456789abcdef0123
for tool in wrk redis-server redis-cli python3; do command -v $tool >/dev/null || { echo "$tool is missing" >&2; exit 1; }; done
source "$here/postgres.sh"
redis_dir=$(mktemp -d /tmp/cms-collections-redis-XXXX)
trap 'stop_app; redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true; stop_postgres; rm -rf "$redis_dir"' EXIT
start_postgres collections "$port" shared_buffers=1GB max_connections=200 synchronous_commit=off
psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database cms"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$redis_dir" --daemonize yes >/dev/null
connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=cms;Maximum Pool Size=8"
base="http://127.0.0.1:$app_port"

cd "$root"
dotnet build -c Release src/Cms.Api -v q -nologo >/dev/null
dotnet build -c Release bench/Cms.Bench.Generator -v q -nologo >/dev/null

launch() { # $1: Cache__Enabled, $2: Cache__Redis ("" for none); sets $app
  env Database__Provider=Postgres "ConnectionStrings__Cms=$connection" Database__SeedDemoContent=false \
    Cache__Enabled="$1" Cache__Redis="$2" Cms__BootstrapAdminKey=$key RateLimits__AnonymousWrites=0 \
    Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet src/Cms.Api/bin/Release/net10.0/Cms.Api.dll --urls "$base" > "$work/app.log" 2>&1 &
  app=$!
  until curl -sf "$base/health/ready" >/dev/null; do
    kill -0 "$app" 2>/dev/null || { cat "$work/app.log" >&2; exit 1; }
    sleep 0.5
  done
}
admin() { curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$@"; }

launch false ""
echo "Generating $articles articles..." >&2
dotnet bench/Cms.Bench.Generator/bin/Release/net10.0/Cms.Bench.Generator.dll \
  --connection "$connection" --articles "$articles" --out "$work/data-files" >&2
psql -h 127.0.0.1 -p "$port" -U postgres -d cms -qAt -c "checkpoint" >/dev/null
psql -h 127.0.0.1 -p "$port" -U postgres -d cms -qAt \
  -c "select \"Id\" from \"Articles\" where \"Status\" = 'Published' order by \"PublishedAt\" desc limit 20000" > "$work/ids.txt"
chosen=$(head -n 40 "$work/ids.txt" | tail -n 10 | python3 -c 'import json,sys; print(json.dumps([{"articleId": l.strip(), "pinned": i < 2} for i, l in enumerate(sys.stdin)]))')
admin -o /dev/null -X POST "$base/api/v1/collections" \
  -d "{\"slug\":\"utama\",\"name\":\"Utama\",\"kind\":\"manual\",\"capacity\":30,\"filler\":{},\"items\":$chosen}"
admin -o /dev/null -X POST "$base/api/v1/collections" -d '{"slug":"terpopuler","name":"Terpopuler","kind":"mostRead","capacity":10,"window":"24h"}'
admin -o /dev/null -X POST "$base/api/v1/collections" -d '{"slug":"terpopuler-pekan","name":"Terpopuler Pekan Ini","kind":"mostRead","capacity":10,"window":"7d"}'
stop_app

results="$work/results.tsv"
: > "$results"
measure() { # $1 part, $2 name, $3 round, then wrk's arguments; appends a row, prints a line. C: connections
  local part=$1 name=$2 round=$3 out rps p50 p99 errors
  shift 3
  out=$(wrk -t"$(( ${C:-$connections} < threads ? ${C:-$connections} : threads ))" -c"${C:-$connections}" -d"$duration" --latency "$@")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {n+=$NF} /Socket errors/ {split($0,a,/[ ,]+/); n+=a[4]+a[6]+a[8]+a[10]} END {print n+0}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$part" "$name" "$round" "$rps" "$p50" "$p99" "$errors" >> "$results"
  echo "$part round $round $name: $rps req/s, p50 $p50, p99 $p99, errors $errors" >&2
}

# 1. The homepage against the list, as shipped and cold; the order alternates per round.
for cache in $([[ " $parts " == *" 1 "* ]] && echo true false); do
  mode=$([ $cache = true ] && echo shipped || echo cold)
  launch $cache ""
  for url in "/api/v1/articles?pageSize=20" /api/v1/collections/utama "/api/v1/articles?pageSize=30"; do
    wrk -t"$threads" -c"$connections" -d20s "$base$url" >/dev/null
  done
  for round in $(seq "$rounds"); do
    # The 30-item list too: what 30 items cost against 20, whatever serves them.
    urls=("/api/v1/articles?pageSize=20" /api/v1/collections/utama "/api/v1/articles?pageSize=30")
    (( round % 2 )) || urls=("/api/v1/articles?pageSize=30" /api/v1/collections/utama "/api/v1/articles?pageSize=20")
    for url in "${urls[@]}"; do
      name=$(case $url in *utama) echo collection ;; *=30) echo list30 ;; *) echo list ;; esac)
      measure "reads-$mode" "$name" "$round" "$base$url"
    done
  done
  stop_app
done

# 2. Article reads (cached in Redis, 2,000 stories) alone and with views posted at the same time.
if [[ " $parts " == *" 2 "* ]]; then
launch true "127.0.0.1:$redis_port"
head -n 2000 "$work/data-files/slugs.txt" > "$work/hot.txt"
export PICK_FILE="$work/hot.txt" PICK_PREFIX="/api/v1/articles/slug/" IDS_FILE="$work/ids.txt" DELAY_MS="$delay_ms"
wrk -t"$threads" -c"$connections" -d20s -s "$here/wrk/pick.lua" "$base" >/dev/null
wrk -t1 -c"$view_connections" -d10s -s "$here/wrk/views.lua" "$base" >/dev/null
for round in $(seq "$rounds"); do
  order=(alone together)
  (( round % 2 )) || order=(together alone)
  for how in "${order[@]}"; do
    if [ "$how" = together ]; then
      wrk -t1 -c"$view_connections" -d"$duration" --latency -s "$here/wrk/views.lua" "$base" > "$work/views.out" &
      views=$!
    fi
    measure views "reads-$how" "$round" -s "$here/wrk/pick.lua" "$base"
    if [ "$how" = together ]; then
      wait $views
      vrps=$(awk '/Requests\/sec/ {print $2}' "$work/views.out")
      vp99=$(awk '$1=="99%" {print $2}' "$work/views.out")
      verr=$(awk '/Non-2xx/ {n+=$NF} END {print n+0}' "$work/views.out")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' views batches "$round" "$vrps" - "$vp99" "$verr" >> "$results"
      echo "views round $round: $vrps batches/s (x20 views), p99 $vp99, errors $verr" >&2
    fi
  done
done
stop_app
fi

# 3. Most read over a million views in its window: loaded straight into Redis's buckets, as POST /views writes them.
if [[ " $parts " == *" 3 "* ]]; then
now_bucket=$(( $(date +%s) / 300 ))
python3 - "$work/ids.txt" "$now_bucket" <<'PY' | redis-cli -p "$redis_port" --pipe >&2
import random, sys
ids = [l.strip() for l in open(sys.argv[1]) if l.strip()]
now = int(sys.argv[2])
weights = [1 / (i + 1) ** 0.8 for i in range(len(ids))]  # a few stories read by many, a long tail
out = sys.stdout.buffer
def command(*parts):
    out.write(b"*%d\r\n" % len(parts))
    for p in parts:
        b = str(p).encode()
        out.write(b"$%d\r\n%s\r\n" % (len(b), b))
random.seed(7)
for first, last, total in ((now - 288, now, 1_000_000), (now - 2016, now - 288, 1_000_000)):
    buckets = last - first
    for bucket in range(first, last):
        counts = {}
        for i in random.choices(range(len(ids)), weights, k=total // buckets):
            counts[i] = counts.get(i, 0) + 1
        for i, n in counts.items():
            command("ZINCRBY", f"cms:views:{bucket}", n, ids[i])
        command("EXPIRE", f"cms:views:{bucket}", 8 * 86400)
PY
first_read() { # $1 slug; prints the first read's milliseconds, the code paths (and Redis's connection) warmed on the other
  local other=$([ "$1" = terpopuler ] && echo terpopuler-pekan || echo terpopuler)
  curl -sf -o /dev/null "$base/api/v1/collections/$other"
  wrk -t1 -c1 -d3s "$base/api/v1/collections/$other" >/dev/null
  curl -sf -o /dev/null -w '%{time_total}' "$base/api/v1/collections/$1" | python3 -c 'import sys; print(f"{float(sys.stdin.read())*1000:.1f}ms")'
}
for round in $(seq 3); do
  for slug in terpopuler terpopuler-pekan; do
    buckets=$([ $slug = terpopuler ] && echo 288 || echo 2016)
    # The first ranking of a window: the union of all its buckets.
    redis-cli -p "$redis_port" --scan --pattern 'cms:views:rank:*' | xargs -r redis-cli -p "$redis_port" del >/dev/null
    launch false "127.0.0.1:$redis_port"
    first=$(first_read $slug)
    items=$(curl -sf "$base/api/v1/collections/$slug" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' mostread "union-$slug" "$round" - - "$first" "$items" >> "$results"
    echo "mostread round $round $slug: first read (union) $first, $items items" >&2
    C=1 measure mostread "one-$slug" "$round" "$base/api/v1/collections/$slug"
    measure mostread "$slug" "$round" "$base/api/v1/collections/$slug"
    stop_app
    # The next bucket's: the one just made, as if a bucket ago, moved by a bucket.
    made=$(redis-cli -p "$redis_port" --scan --pattern "cms:views:rank:$buckets:*" | sort -t: -k5 -n | tail -n 1)
    redis-cli -p "$redis_port" rename "$made" "cms:views:rank:$buckets:$(( ${made##*:} - 1 ))" >/dev/null
    launch false "127.0.0.1:$redis_port"
    first=$(first_read $slug)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' mostread "moved-$slug" "$round" - - "$first" "$items" >> "$results"
    echo "mostread round $round $slug: first read (moved by a bucket) $first" >&2
    stop_app
  done
done
fi

python3 - "$results" "$articles" "$rounds" "$duration" "$connections" "$view_connections" "$delay_ms" <<'PY'
import statistics, sys
from collections import defaultdict
path, articles, rounds, duration, connections, view_connections, delay = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(path)]
def ms(v):
    if v in ("-", ""): return None
    for unit, f in (("us", 0.001), ("ms", 1), ("s", 1000)):
        if v.endswith(unit): return float(v[: -len(unit)]) * f
    return float(v)
by = defaultdict(list)
for part, name, rnd, rps, p50, p99, err in rows:
    by[(part, name)].append((float(rps) if rps != "-" else None, ms(p50), ms(p99), err))
def med(xs): xs = [x for x in xs if x is not None]; return statistics.median(xs) if xs else None
print(f"Articles: {int(articles):,}; {rounds} rounds of {duration}; reads at {connections} connections.\n")
parts = {r[0].split("-")[0] for r in rows}
if "reads" in parts:
    print("## 1. The 30-item homepage collection against the 20-item article list (and the 30-item list)\n")
    print("| Mode | Read | Median req/s | Median p50 | Worst p99 | Each round's req/s | Errors |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for mode in ("shipped", "cold"):
        for name in ("list", "collection", "list30"):
            r = by[(f"reads-{mode}", name)]
            print(f"| {mode} | {name} | {med([x[0] for x in r]):,.0f} | {med([x[1] for x in r]):.2f} ms | {max(x[2] for x in r):.2f} ms | "
                  + ", ".join(f"{x[0]:,.0f}" for x in r) + f" | {sum(int(x[3]) for x in r)} |")
        ratios = [c[0] / l[0] for l, c in zip(by[(f"reads-{mode}", "list")], by[(f"reads-{mode}", "collection")])]
        print(f"| {mode} | collection / list | {statistics.median(ratios):.3f}x | | | " + ", ".join(f"{x:.3f}" for x in ratios) + " | |")
        ratios = [c[0] / l[0] for l, c in zip(by[(f"reads-{mode}", "list30")], by[(f"reads-{mode}", "collection")])]
        print(f"| {mode} | collection / 30-item list | {statistics.median(ratios):.3f}x | | | " + ", ".join(f"{x:.3f}" for x in ratios) + " | |")
    print()
if "views" in parts:
    print("## 2. Views with Redis, and article reads at the same time\n")
    print(f"Views: wrk, {view_connections} connections, batches of 20, each batch a new client, {delay} ms between a connection's batches.\n")
    print("| Round | Reads alone req/s | Reads with views req/s | Ratio | Views/s counted (batches x 20) | Views p99 | Errors |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    alone, together, batches = by[("views", "reads-alone")], by[("views", "reads-together")], by[("views", "batches")]
    for i, (a, t, b) in enumerate(zip(alone, together, batches), 1):
        print(f"| {i} | {a[0]:,.0f} | {t[0]:,.0f} | {t[0] / a[0]:.3f} | {b[0] * 20:,.0f} | {b[2]:.1f} ms | {b[3]} |")
    print(f"| median | {med([a[0] for a in alone]):,.0f} | {med([t[0] for t in together]):,.0f} | "
          f"{statistics.median([t[0] / a[0] for a, t in zip(alone, together)]):.3f} | {med([b[0] * 20 for b in batches]):,.0f} | | |")
    print()
if "mostread" in parts:
    print("## 3. Most read over a million views in the window (cold: output cache off)\n")
    print("| Collection | Window views | First read of a bucket: union of the window, each round | moved by one bucket | Items "
          "| 1 connection p50 / p99 | 32 connections req/s, p50 / worst p99 |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for slug, window, views in (("terpopuler", "24h", "1,000,000"), ("terpopuler-pekan", "7d", "2,000,000")):
        union, moved = by[("mostread", f"union-{slug}")], by[("mostread", f"moved-{slug}")]
        one, many = by[("mostread", f"one-{slug}")], by[("mostread", slug)]
        print(f"| {slug} ({window}) | {views} | " + ", ".join(f"{x[2]:.1f} ms" for x in union) + " | "
              + ", ".join(f"{x[2]:.1f} ms" for x in moved) + f" | {union[0][3]} | "
              f"{med([x[1] for x in one]):.2f} / {max(x[2] for x in one):.2f} ms | "
              f"{med([x[0] for x in many]):,.0f}, {med([x[1] for x in many]):.2f} / {max(x[2] for x in many):.2f} ms |")
PY
