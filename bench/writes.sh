#!/usr/bin/env bash
# Write latency of two builds side by side, on PostgreSQL: title edits of published stories (a PATCH with If-Match,
# one tag and one byline each, each story edited once), in alternating rounds on each build (after first in odd
# rounds, before first in even ones), one request at a time. Prints medians, p90 and their ratio.
#   BEFORE=/path/to/other/checkout bash bench/writes.sh [ROUNDS] [WRITES]   (default 6 rounds of 100 edits each)
# e.g. git worktree add /tmp/before <commit>. Needs PostgreSQL 15 (apt-get install -y postgresql) and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
before=${BEFORE:?set BEFORE to a checkout of the commit to compare with}
rounds=${1:-6}
writes=${2:-100}
port=${PORT:-55467}
key=bench-admin-key-0123456789abcdef0123
source "$here/postgres.sh"
other=""
trap 'stop_app; [ -n "$other" ] && kill "$other" 2>/dev/null; stop_postgres' EXIT

start_postgres writes "$port"
psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database before" -c "create database after"
for tree in "$before" "$root"; do (cd "$tree" && dotnet build -c Release src/Cms.Api -v q -nologo >/dev/null); done
serve() { # tree database port
  env Database__Provider=Postgres "ConnectionStrings__Cms=Host=127.0.0.1;Port=$port;Username=postgres;Database=$2" \
    Database__SeedDemoContent=false Cms__BootstrapAdminKey=$key RateLimits__Writes=0 Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$1/src/Cms.Api/bin/Release/net10.0/Cms.Api.dll" --urls "http://127.0.0.1:$3" > "$work/$2.log" 2>&1 &
}
serve "$before" before 5128; other=$!
serve "$root" after 5129; app=$!
until curl -sf http://127.0.0.1:5128/health/ready >/dev/null && curl -sf http://127.0.0.1:5129/health/ready >/dev/null; do sleep 0.5; done
python3 - "$key" "$rounds" "$writes" <<'PY'
import json, statistics, sys, time, urllib.request
key, rounds, writes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
apps = {"before": "http://127.0.0.1:5128", "after": "http://127.0.0.1:5129"}
def call(base, method, path, body=None, headers=None):
    h = {"Authorization": f"Bearer {key}", "Content-Type": "application/json", **(headers or {})}
    r = urllib.request.Request(base + path, method=method, headers=h, data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(r) as resp:
        text = resp.read()
        return (json.loads(text) if text else None), resp.headers.get("ETag")
stories = {}
for name, base in apps.items():
    tag, _ = call(base, "POST", "/api/v1/tags", {"name": "Politik"})
    author, _ = call(base, "POST", "/api/v1/authors", {"name": "Rina Wartawan"})
    stories[name] = [call(base, "POST", "/api/v1/articles", {
        "title": f"Berita {n}", "body": "Isi berita lengkap. " * 40, "status": "published",
        "publishedAt": "2024-06-19T12:04:00+07:00", "tags": [{"tagId": tag["id"]}], "authors": [{"authorId": author["id"]}]})
        for n in range(rounds * writes)]
took = {name: [] for name in apps}
for round_ in range(rounds):
    for name in ("after", "before") if round_ % 2 == 0 else ("before", "after"):
        for _ in range(writes):
            story, etag = stories[name].pop()
            started = time.perf_counter()
            call(apps[name], "PATCH", f"/api/v1/articles/{story['id']}", {"title": f"Diperbarui {time.time_ns()}"},
                 {"If-Match": etag, "Content-Type": "application/merge-patch+json"})
            took[name].append((time.perf_counter() - started) * 1000)
def p(v, q): v = sorted(v); return v[min(len(v) - 1, int(len(v) * q))]
print("| build | median | p90 | n |\n| --- | ---: | ---: | ---: |")
for name in ("before", "after"):
    print(f"| {name} | {statistics.median(took[name]):.2f} ms | {p(took[name], 0.9):.2f} ms | {len(took[name])} |")
print(f"\nafter/before: {statistics.median(took['after']) / statistics.median(took['before']):.3f}x (medians, {rounds} alternating rounds of {writes} edits)")
PY
