#!/usr/bin/env bash
# Webhooks under a steady stream of writes, on PostgreSQL: the write latency with 5 webhooks subscribed versus none
# (alternating rounds), and the time from a write's acknowledgement to each delivery's arrival at a loopback receiver.
#   bash bench/webhooks.sh [ROUNDS] [WRITES]   (default 6 rounds of 100 writes each way)
#   WORKLOAD=articles (default): title edits of published stories, one tag and one byline each; WORKLOAD=tags: tag
#   creations. DISPATCH=false: the outbox is written but nothing is sent (the write path's own cost)
# Needs PostgreSQL 15 (apt-get install -y postgresql) and python3. Prints a Markdown table.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rounds=${1:-6}
writes=${2:-100}
port=${PORT:-55437}
app_port=${APP_PORT:-5098}
receiver_port=${RECEIVER_PORT:-5099}
key=bench-admin-key-0123456789abcdef0123
source "$here/postgres.sh"
receiver=""
trap 'stop_app; [ -n "$receiver" ] && kill "$receiver" 2>/dev/null; stop_postgres' EXIT

start_postgres webhooks "$port"
psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database cms"
cd "$root"
dotnet build -c Release src/Cms.Api -v q -nologo >/dev/null
python3 "$here/webhooks/receiver.py" "$receiver_port" "$work/arrivals.log" &
receiver=$!
base="http://127.0.0.1:$app_port"
env Database__Provider=Postgres "ConnectionStrings__Cms=Host=127.0.0.1;Port=$port;Username=postgres;Database=cms" \
  Database__SeedDemoContent=false Cms__BootstrapAdminKey=$key RateLimits__Writes=0 Webhooks__AllowPrivateTargets=true Webhooks__Dispatch=${DISPATCH:-true} \
  Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  dotnet src/Cms.Api/bin/Release/net10.0/Cms.Api.dll --urls "$base" > "$work/app.log" 2>&1 &
app=$!
until curl -sf "$base/health/ready" >/dev/null; do sleep 0.5; done
touch "$work/arrivals.log"
python3 "$here/webhooks/drive.py" "$base" "$key" "http://127.0.0.1:$receiver_port/hook" "$work/arrivals.log" "$rounds" "$writes" "${DISPATCH:-true}" "${WORKLOAD:-articles}"
