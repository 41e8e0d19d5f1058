#!/usr/bin/env bash
# Export and import of a whole site: ARTICLES generated articles (Cms.Bench.Generator, with its authors and tags) on
# PostgreSQL, exported with the command line to a file, imported into an empty SQLite database, exported again (the two
# files must be identical), and imported into an empty PostgreSQL database. Each step's time, articles per second and
# peak RSS (GNU time's maximum resident set size) are printed as a Markdown table.
#   bash bench/transfer.sh [ARTICLES]   (default 100,000; EXPORT_ONLY=1 stops after the first export)
# Needs PostgreSQL 15 (apt-get install -y postgresql) and GNU time (apt-get install -y time).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
articles=${1:-100000}
port=${PORT:-55481}
source "$here/postgres.sh"
trap 'stop_app; stop_postgres' EXIT

start_postgres transfer "$port"
psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database source" -c "create database target"
cd "$root"
dotnet build -c Release src/Cms.Api -v q -nologo >/dev/null
dotnet build -c Release bench/Cms.Bench.Generator -v q -nologo >/dev/null
dll=src/Cms.Api/bin/Release/net10.0/Cms.Api.dll
pg() { echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=$1"; }
export Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production Database__SeedDemoContent=false
# The schema, then the articles.
Database__Provider=Postgres ConnectionStrings__Cms="$(pg source)" dotnet "$dll" export "$work/empty.ndjson" 2>/dev/null
echo "Loading $articles articles..." >&2
dotnet bench/Cms.Bench.Generator/bin/Release/net10.0/Cms.Bench.Generator.dll \
  --connection "$(pg source)" --articles "$articles" --out "$work/files" >&2
psql -h 127.0.0.1 -p "$port" -U postgres -d source -qc "vacuum analyze"

echo "| step | seconds | articles/s | peak RSS | file |"
echo "| --- | ---: | ---: | ---: | ---: |"
step() { # name provider connection media command file
  local name=$1 provider=$2 connection=$3 media=$4 command=$5 file=$6
  env Database__Provider="$provider" ConnectionStrings__Cms="$connection" Media__Folder="$media" \
    /usr/bin/time -f "%e %M" -o "$work/time" dotnet "$dll" "$command" "$file" 2>"$work/$name.log" \
    || { cat "$work/$name.log" >&2; exit 1; }
  read -r seconds rss < "$work/time"
  awk -v n="$name" -v s="$seconds" -v a="$articles" -v r="$rss" -v f="$(stat -c %s "$file")" \
    'BEGIN { printf "| %s | %.1f | %.0f | %.0f MB | %.0f MB |\n", n, s, a / s, r / 1024, f / 1048576 }'
}
step "export PostgreSQL" Postgres "$(pg source)" "$work/files" export "$work/site.ndjson"
[ "${EXPORT_ONLY:-}" = 1 ] && exit 0
step "import into SQLite" Sqlite "Data Source=$work/cms.db" "$work/sqlite-media" import "$work/site.ndjson"
step "export SQLite" Sqlite "Data Source=$work/cms.db" "$work/sqlite-media" export "$work/again.ndjson"
step "import into PostgreSQL" Postgres "$(pg target)" "$work/pg-media" import "$work/site.ndjson"
if cmp -s "$work/site.ndjson" "$work/again.ndjson"; then
  echo; echo "The export of the SQLite copy is byte for byte the PostgreSQL export ($(wc -l < "$work/site.ndjson") records)."
else
  echo; echo "The exports differ:"; cmp "$work/site.ndjson" "$work/again.ndjson" || true
fi
