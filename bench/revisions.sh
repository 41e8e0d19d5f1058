#!/usr/bin/env bash
# Does a long history slow a save? Title edits (a PATCH with If-Match) of published stories that have only the
# revision of their creation ("first": the measured edit is their first save) against published stories with HISTORY
# revisions behind them ("long"; all published, so none is pruned), on one Release build and one throwaway PostgreSQL,
# in alternating rounds (first before long in odd rounds, long before first in even ones), one request at a time, each
# story edited once. Prints medians, p90 and their ratio.
#   bash bench/revisions.sh [ROUNDS] [WRITES] [HISTORY]   (default 6 rounds of 50 edits each, 500 revisions)
# Needs PostgreSQL 15 (apt-get install -y postgresql) and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rounds=${1:-6}
writes=${2:-50}
history=${3:-500}
port=${PORT:-55468}
key=bench-admin-key-0123456789abcdef0123
source "$here/postgres.sh"
trap 'stop_app; stop_postgres' EXIT

start_postgres revisions "$port"
(cd "$root" && dotnet build -c Release src/Cms.Api -v q -nologo >/dev/null)
connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
env Database__Provider=Postgres "ConnectionStrings__Cms=$connection" Database__SeedDemoContent=false \
  Cms__BootstrapAdminKey=$key RateLimits__Writes=0 Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$root/src/Cms.Api/bin/Release/net10.0/Cms.Api.dll" --urls "http://127.0.0.1:5130" > "$work/app.log" 2>&1 &
app=$!
until curl -sf http://127.0.0.1:5130/health/ready >/dev/null; do sleep 0.5; done
python3 - "$key" "$rounds" "$writes" "$history" "$port" <<'PY'
import json, statistics, subprocess, sys, time, urllib.request
key, rounds, writes, history, port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
base = "http://127.0.0.1:5130"
def call(method, path, body=None, headers=None):
    h = {"Authorization": f"Bearer {key}", "Content-Type": "application/json", **(headers or {})}
    r = urllib.request.Request(base + path, method=method, headers=h, data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(r) as resp:
        text = resp.read()
        return (json.loads(text) if text else None), resp.headers.get("ETag")
def psql(sql):
    subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-qc", sql], check=True)
tag, _ = call("POST", "/api/v1/tags", {"name": "Politik"})
author, _ = call("POST", "/api/v1/authors", {"name": "Rina Wartawan"})
stories = {kind: [call("POST", "/api/v1/articles", {
    "title": f"Berita {kind} {n}", "body": "Isi berita lengkap. " * 40, "status": "published",
    "publishedAt": "2024-06-19T12:04:00+07:00", "tags": [{"tagId": tag["id"]}], "authors": [{"authorId": author["id"]}]})
    for n in range(rounds * writes)] for kind in ("first", "long")}
# The long stories' history: copies of their first revision, numbered on (published, so all are kept).
ids = ",".join(f"'{s['id']}'" for s, _ in stories["long"])
psql(f'''INSERT INTO "ArticleRevisions" ("Id", "ArticleId", "Number", "Version", "At", "KeyId", "Status", "Published",
    "ChangedJson", "DocumentJson")
  SELECT gen_random_uuid(), r."ArticleId", r."Number" + n, r."Version", r."At", r."KeyId", r."Status", true, '["body"]', r."DocumentJson"
  FROM "ArticleRevisions" r CROSS JOIN generate_series(1, {history - 1}) n WHERE r."ArticleId" IN ({ids})''')
psql('VACUUM ANALYZE')
took = {kind: [] for kind in stories}
for round_ in range(rounds):
    for kind in ("first", "long") if round_ % 2 == 0 else ("long", "first"):
        for _ in range(writes):
            story, etag = stories[kind].pop()
            started = time.perf_counter()
            call("PATCH", f"/api/v1/articles/{story['id']}", {"title": f"Diperbarui {time.time_ns()}"},
                 {"If-Match": etag, "Content-Type": "application/merge-patch+json"})
            took[kind].append((time.perf_counter() - started) * 1000)
def p(v, q): v = sorted(v); return v[min(len(v) - 1, int(len(v) * q))]
print(f"| story | revisions behind the save | median | p90 | n |\n| --- | ---: | ---: | ---: | ---: |")
for kind, behind in (("first", 1), ("long", history)):
    print(f"| {kind} | {behind} | {statistics.median(took[kind]):.2f} ms | {p(took[kind], 0.9):.2f} ms | {len(took[kind])} |")
print(f"\nlong/first: {statistics.median(took['long']) / statistics.median(took['first']):.3f}x "
      f"(medians, {rounds} alternating rounds of {writes} edits)")
PY
