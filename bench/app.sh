#!/usr/bin/env bash
# The newsroom app's targets (issue 40), in Debian's Chromium through Playwright against the Release API on SQLite:
# bytes over the wire on a first and a later visit, sign-in to an interactive desk of 50 stories, opening a story, and
# the autosave round trip. Prints Markdown rows (recorded in bench/APP.md).
#
#   bash bench/app.sh [ROUNDS] [SAVES]
#
# Needs: chromium, the .NET 10 SDK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rounds=${1:-7}
saves=${2:-70}
port=${PORT:-55491}
work=$(mktemp -d /tmp/cms-bench-app-XXXX)
trap 'kill $api 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet publish "$root/src/Cms.Api" -c Release -o "$work/app" -v q >/dev/null
dotnet build "$here/Cms.Bench.App" -c Release -v q >/dev/null
key=bench-admin-key-0123456789abcdef0123456789
# From its own folder, as the Dockerfile runs it (the content root holds wwwroot); exec, so $api is the app itself.
(cd "$work/app" && exec env ASPNETCORE_URLS="http://localhost:$port" ConnectionStrings__Cms="Data Source=$work/cms.db" \
  Database__SeedDemoContent=false Cms__BootstrapAdminKey=$key Logging__LogLevel__Default=Warning \
  RateLimits__FailedKeys=1000 dotnet "$work/app/Cms.Api.dll" >"$work/api.log" 2>&1) &
api=$!
for _ in $(seq 1 120); do curl -sf "http://localhost:$port/health/ready" >/dev/null && break; sleep 0.5; done
echo "| What | Measured | Target |"
echo "| --- | --- | --- |"
dotnet "$here/Cms.Bench.App/bin/Release/net10.0/Cms.Bench.App.dll" "http://localhost:$port" "$key" "$rounds" "$saves"
