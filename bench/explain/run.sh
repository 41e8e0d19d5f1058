#!/usr/bin/env bash
# Shows which index each list query uses on PostgreSQL with 100,000 articles: starts a throwaway
# cluster, runs the API on it with SQL logging, seeds it, makes the requests, EXPLAINs each query.
# Needs PostgreSQL's server binaries (apt-get install -y postgresql) and python3. Run as root or not.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
port=${PORT:-55433}
source "$here/../postgres.sh"
trap 'stop_app; stop_postgres' EXIT
start_postgres explain "$port"
psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database cms"

cd "$root"
dotnet build -c Release src/Cms.Api -v q >/dev/null
env Database__Provider=Postgres "ConnectionStrings__Cms=Host=127.0.0.1;Port=$port;Username=postgres;Database=cms" \
  Database__SeedDemoContent=false "Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=Information" \
  dotnet src/Cms.Api/bin/Release/net10.0/Cms.Api.dll --urls http://127.0.0.1:5099 > "$work/app.log" 2>&1 &
app=$!
until curl -sf http://127.0.0.1:5099/health/ready >/dev/null; do sleep 1; done
psql -h 127.0.0.1 -p "$port" -U postgres -d cms -q -f "$here/seed.sql"
: > "$work/app.log"
b=http://127.0.0.1:5099/api/v1
cursor=$(curl -s "$b/articles?pageSize=20&count=false" | python3 -c 'import json,sys; print(json.load(sys.stdin)["meta"]["nextCursor"])')
: > "$work/app.log"
for url in "articles?pageSize=20" "articles?pageSize=20&cursor=$cursor" "articles?tag=topik-1&pageSize=20" \
  "articles?author=penulis-3&pageSize=20" "articles?language=en&publishedAfter=2020-01-01&pageSize=20&count=false" \
  "articles?q=nomor%205012&pageSize=20" "articles?q=berita&pageSize=20&count=false" \
  "articles/slug/berita-501" "authors?pageSize=20" "tags?pageSize=20"; do
  curl -s -o /dev/null -w "%{http_code} %{time_total}s GET /api/v1/$url\n" "$b/$url"
done
echo
python3 "$here/explain.py" "$work/app.log" "$port" "nomor 5012" "berita"
