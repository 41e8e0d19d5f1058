#!/usr/bin/env bash
# The WordPress import (issue 41): a generated export (bench/wxr.py) of POSTS posts imported into an empty PostgreSQL
# database with the Release build's import-wordpress, its posts per second and peak RSS (GNU time), the same file again,
# then a BIG export (about 1 GB by default) into another empty database, for the memory at that size. Run as
# docs/import.md runs it: the workstation GC (DOTNET_gcServer=0), compacting to save memory (DOTNET_GCConserveMemory=7).
# Prints Markdown rows for bench/IMPORT.md.
#   bash bench/import.sh [POSTS] [BIG_POSTS]   (defaults 100,000 and 220,000: about 460 MB and 1 GB)
# Needs PostgreSQL 15 (apt-get install -y postgresql), GNU time (apt-get install -y time) and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
posts=${1:-100000}
big=${2:-220000}
port=${PORT:-55483}
source "$here/postgres.sh"
trap 'stop_app; stop_postgres' EXIT

start_postgres import "$port"
psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database cms" -c "create database big"
cd "$root"
dotnet build -c Release src/Cms.Api -v q -nologo >/dev/null
dll=src/Cms.Api/bin/Release/net10.0/Cms.Api.dll
pg() { echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=$1"; }
export Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production Database__SeedDemoContent=false Database__Provider=Postgres \
  DOTNET_gcServer=${DOTNET_gcServer:-0} DOTNET_GCConserveMemory=${DOTNET_GCConserveMemory:-7}
python3 "$here/wxr.py" "$posts" > "$work/export.xml"
echo "| run | posts | file | seconds | posts/s | peak RSS |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
run() { # name database posts file [options]
  local name=$1 db=$2 n=$3 file=$4
  shift 4
  ConnectionStrings__Cms="$(pg "$db")" Media__Folder="$work/media" /usr/bin/time -f "%e %M" -o "$work/time" \
    dotnet "$dll" import-wordpress "$file" "$@" > "$work/$name.report" 2> "$work/$name.log" || { tail -5 "$work/$name.log" >&2; exit 1; }
  read -r seconds rss < "$work/time"
  awk -v n="$name" -v p="$n" -v s="$seconds" -v r="$rss" -v f="$(stat -c %s "$file")" \
    'BEGIN { printf "| %s | %d | %.0f MB | %.1f | %.0f | %.0f MB |\n", n, p, f / 1048576, s, p / s, r / 1024 }'
}
run "import into PostgreSQL" cms "$posts" "$work/export.xml"
grep -E "posts published|already" "$work/import into PostgreSQL.report" >&2 || true
run "again (nothing to add)" cms "$posts" "$work/export.xml"
rm -f "$work/export.xml"
python3 "$here/wxr.py" "$big" > "$work/big.xml"
run "import of the big export" big "$big" "$work/big.xml"
