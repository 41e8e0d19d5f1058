#!/usr/bin/env bash
# A soak: mixed load on PostgreSQL with Redis for DURATION seconds (600), during which PostgreSQL is restarted once
# (at a third) and Redis once (at two thirds). 90% anonymous reads (lists, stories by slug, searches) from readers
# paced to READ_RATE requests/s in all (150), 10% keyed writes from four editors (a story edit or a new tag every
# 0.25 s each, under the default budget of 600 writes a minute per key). The API runs as shipped (Release,
# Production, default rate limits). Prints, for bench/RESULTS.md:
#   5xx other than 503, and 503 outside the outage windows (both should be 0);
#   acknowledged writes not found afterwards (every one is read back; should be 0);
#   p50/p99 of reads outside the outage windows (p99 target: under 100 ms);
#   RSS after the first minute and at the end (target: within 10%).
#   bash bench/soak.sh        (DURATION=120 for a short try). Needs postgresql, redis-server, python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
duration=${DURATION:-600}
port=${PORT:-55491}
redis_port=${REDIS_PORT:-55492}
api_port=${API_PORT:-5131}
key=bench-admin-key-0123456789abcdef0123
source "$here/postgres.sh"
redis_dir=$(mktemp -d /tmp/cms-soak-redis-XXXX)
trap 'stop_app; redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true; stop_postgres; rm -rf "$redis_dir"' EXIT

start_postgres soak "$port"
start_redis="redis-server --port $redis_port --bind 127.0.0.1 --save '' --appendonly no --dir $redis_dir --daemonize yes"
eval "$start_redis" >/dev/null
(cd "$root" && dotnet build -c Release src/Cms.Api -v q -nologo >/dev/null)
env Database__Provider=Postgres "ConnectionStrings__Cms=Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" \
  Cache__Redis="127.0.0.1:$redis_port" Database__SeedDemoContent=false Cms__BootstrapAdminKey=$key \
  Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$root/src/Cms.Api/bin/Release/net10.0/Cms.Api.dll" --urls "http://127.0.0.1:$api_port" > "$work/app.log" 2>&1 &
app=$!
until curl -sf "http://127.0.0.1:$api_port/health/ready" >/dev/null; do sleep 0.5; done

pg_restart="$( [ "$(id -u)" = 0 ] && echo "runuser -u postgres -- ")$pg_bin/pg_ctl -D $work/data -m fast -w restart -l $work/pg.log"
redis_restart="redis-cli -p $redis_port shutdown nosave; $start_redis"
python3 "$here/soak.py" "http://127.0.0.1:$api_port" "$key" "$duration" "$app" "$pg_restart" "$redis_restart" "${READ_RATE:-150}"
grep -c '"LogLevel":"Error"' "$work/app.log" | sed 's/^/error log lines: /' || true
cp "$work/app.log" /tmp/cms-soak-app.log
