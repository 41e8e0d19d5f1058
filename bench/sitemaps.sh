#!/usr/bin/env bash
# The sitemaps on a large archive: each answered cold (output cache off), one request at a time.
#   bash bench/sitemaps.sh [ARTICLES]   (default 1,000,000 over YEARS=20 years; REQUESTS=30 measured per sitemap)
# Needs PostgreSQL 15 (apt-get install -y postgresql). Prints a Markdown table of medians and p90s in ms.
# Loading a million articles takes about 15 minutes on 2 cores (the generator rebuilds every article's copies).
# YEARS=3 puts the million into three years: a busy month of some 28,000 stories, in three pages.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
articles=${1:-1000000}
requests=${REQUESTS:-30}
years=${YEARS:-20}
port=${PORT:-55436}
app_port=${APP_PORT:-5096}
source "$here/postgres.sh"
trap 'stop_app; stop_postgres' EXIT

start_postgres sitemaps "$port" shared_buffers=1GB
psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database cms"
connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=cms"
cd "$root"
dotnet build -c Release src/Cms.Api -v q -nologo >/dev/null
dotnet build -c Release bench/Cms.Bench.Generator -v q -nologo >/dev/null
base="http://127.0.0.1:$app_port"
start_app() {
  env Database__Provider=Postgres "ConnectionStrings__Cms=$connection" Database__SeedDemoContent=false Cache__Enabled=false \
    Site__BaseUrl=https://www.contoh.id Site__Name="Kantor Berita Contoh" \
    Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet src/Cms.Api/bin/Release/net10.0/Cms.Api.dll --urls "$base" > "$work/app.log" 2>&1 &
  app=$!
  until curl -sf "$base/health/ready" >/dev/null; do sleep 0.5; done
}
start_app # creates the schema
echo "Loading $articles articles..." >&2
dotnet bench/Cms.Bench.Generator/bin/Release/net10.0/Cms.Bench.Generator.dll \
  --connection "$connection" --articles "$articles" --years "$years" --out "$work/files" >&2
stop_app
psql -h 127.0.0.1 -p "$port" -U postgres -d cms -qAt -c "vacuum analyze" -c "create extension if not exists pg_prewarm" \
  -c "select sum(pg_prewarm(c.oid)) from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'i'" -c "checkpoint" >/dev/null
start_app
month=$(date -u -d "-$(( years * 12 / 4 )) months" +%Y-%m) # a full month, a quarter of the span back
echo "| Sitemap | median | p90 | URLs | bytes |"
echo "| --- | ---: | ---: | ---: | ---: |"
# A busy month has several pages (Site:SitemapPageSize); its last one also skips the pages before it.
last=$(curl -sf "$base/api/v1/sitemaps" | grep -o "articles/$month?page=[0-9]*" | tail -n 1 || true)
for path in "" "/articles/$month" ${last:+"/$last"} "/news" "/tags" "/authors"; do
  url="$base/api/v1/sitemaps$path"
  for _ in 1 2 3 4 5; do curl -s -o /dev/null "$url"; done # JIT and plans
  status=$(curl -s -o /dev/null -w '%{http_code}' "$url")
  [ "$status" = 200 ] || { echo "$url answered $status" >&2; tail -20 "$work/app.log" >&2; exit 1; }
  times=$(for _ in $(seq "$requests"); do curl -sf -o /dev/null -w '%{time_total}\n' "$url"; done | sort -n)
  median=$(echo "$times" | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]*1000}')
  p90=$(echo "$times" | awk '{a[NR]=$1} END {printf "%.1f", a[int(NR*0.9)]*1000}')
  body=$(curl -sf "$url")
  entries=$(echo "$body" | grep -o '<loc>' | wc -l)
  echo "| /api/v1/sitemaps$path | $median ms | $p90 ms | $entries | ${#body} |"
done
