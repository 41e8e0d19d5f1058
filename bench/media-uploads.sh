#!/usr/bin/env bash
# Eight different 24-megapixel uploads at once: the API's peak RSS growth, in a fresh process each time, this tree
# next to another revision (BEFORE, built in a temporary worktree), alternating which goes first in each round.
#
#   BEFORE=<rev> bash bench/media-uploads.sh
#   BEFORE=<rev> ROUNDS=3 TURN=all SETTINGS="Media__ImageWorkers=8" bash bench/media-uploads.sh
#
# TURN: half (default: every second photo has EXIF orientation 6), all or none. SETTINGS: environment for both APIs.
# Needs what bench/media.sh needs. Prints one line per round.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
before=${BEFORE:?set BEFORE to the revision to compare with}
rounds=${ROUNDS:-4}
port=${APP_PORT:-5098}
key=bench-admin-key-0123456789abcdef0123456789
tree=$(mktemp -d /tmp/cms-media-before-XXXX)
trap 'git -C "$root" worktree remove --force "$tree" >/dev/null 2>&1 || true' EXIT

(cd "$here/media" && npm ci --silent --no-audit --no-fund >/dev/null)
git -C "$root" worktree add --detach "$tree" "$before" >/dev/null 2>&1
dotnet build -c Release "$tree/src/Cms.Api" -v q -nologo >/dev/null
dotnet build -c Release "$root/src/Cms.Api" -v q -nologo >/dev/null

measure() { # <source root> <seed>: one fresh API, one warm-up upload, then the eight
  local data; data=$(mktemp -d /tmp/cms-media-uploads-XXXX)
  # shellcheck disable=SC2086 # SETTINGS is a list of NAME=value words
  env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" Database__Provider=Sqlite \
    "ConnectionStrings__Cms=Data Source=$data/cms.db" Database__SeedDemoContent=false Media__Folder="$data/media" \
    Cms__BootstrapAdminKey="$key" RateLimits__Writes=0 Logging__LogLevel__Default=Warning ${SETTINGS:-} \
    dotnet "$1/src/Cms.Api/bin/Release/net10.0/Cms.Api.dll" >"$data/app.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && break; sleep 0.2; done
  (cd "$here/media" && BASE="http://127.0.0.1:$port" KEY="$key" APP_PID="$pid" SEED="$2" TURN="${TURN:-half}" node eight.mjs)
  kill "$pid"; wait "$pid" 2>/dev/null || true; rm -rf "$data"
}
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then b=$(measure "$tree" $((round * 10))); a=$(measure "$root" $((round * 10 + 500)))
  else a=$(measure "$root" $((round * 10 + 500))); b=$(measure "$tree" $((round * 10))); fi
  echo "round $round: before ($before) $b MB, after $a MB"
done
