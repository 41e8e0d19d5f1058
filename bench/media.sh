#!/usr/bin/env bash
# The media benchmark (issue 21's figures), on the Release API with SQLite and the folder store:
#   1. a 24-megapixel JPEG's first w1280 WebP variant request, next to sharp (the Node library Strapi, Directus and
#      Payload use) resizing the same bytes, alternating; target: at most 1.5x sharp's median;
#   2. eight different 24-megapixel uploads at once: the API's peak RSS growth; target: at most 200 MB;
#   3. a stored variant served warm, next to GET /health/live in the same run, alternating rounds (wrk, 64
#      connections); target: at least 50% of /health/live's requests/s (median of the rounds' shares).
# Prints the figures as Markdown; paste them into bench/RESULTS.md with the date and machine.
#
#   bash bench/media.sh                  ROUNDS=5 DURATION=5s CONNECTIONS=64 bash bench/media.sh
#
# Needs: the .NET 10 SDK, Node.js and npm (sharp 0.35.5, pinned in bench/media), wrk (apt-get install -y wrk).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rounds=${ROUNDS:-5}
duration=${DURATION:-5s}
connections=${CONNECTIONS:-64}
app_port=${APP_PORT:-5099}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

work=$(mktemp -d /tmp/cms-media-bench-XXXX)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

(cd "$here/media" && npm ci --silent --no-audit --no-fund >/dev/null)
cd "$root"
dotnet build -c Release src/Cms.Api -v q -nologo >/dev/null
key=bench-admin-key-0123456789abcdef0123456789
env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$app_port" \
  Database__Provider=Sqlite "ConnectionStrings__Cms=Data Source=$work/cms.db" Database__SeedDemoContent=false \
  Media__Folder="$work/media" Cms__BootstrapAdminKey="$key" RateLimits__Writes=0 Logging__LogLevel__Default=Warning \
  dotnet "src/Cms.Api/bin/Release/net10.0/Cms.Api.dll" >"$work/app.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$app_port/health/live" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$app_port"

echo "Running the variant and upload measurements (makes 14 photos of 24 MP with sharp)..." >&2
result=$(cd "$here/media" && BASE="$base" KEY="$key" APP_PID="$pid" ROUNDS="$rounds" node media.mjs)

# A stored variant to serve warm: the w1280 WebP of one more upload, made once before measuring.
variant=$(cd "$here/media" && BASE="$base" KEY="$key" node -e '
  const sharp = (await import("sharp")).default;
  const bytes = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: "#3a6ea5" } }).jpeg().toBuffer();
  const form = new FormData(); form.append("file", new Blob([bytes]), "warm.jpg");
  const asset = await (await fetch(process.env.BASE + "/api/v1/assets", { method: "POST", body: form,
    headers: { Authorization: "Bearer " + process.env.KEY } })).json();
  const url = asset.variants.find((v) => v.preset === "w1280" && v.format === "webp").url;
  await (await fetch(process.env.BASE + url)).arrayBuffer();
  console.log(url);' --input-type=module)
rps() { wrk -t2 -c"$connections" -d"$duration" "$base$1" | awk '/Requests\/sec/ { print $2 }'; }
rps /health/live >/dev/null; rps "$variant" >/dev/null # warm-up
shares=()
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then live=$(rps /health/live); served=$(rps "$variant"); else served=$(rps "$variant"); live=$(rps /health/live); fi
  shares+=("$(awk -v s="$served" -v l="$live" 'BEGIN { printf "%.3f", s / l }')")
  echo "round $round: variant $served/s, /health/live $live/s" >&2
done
share=$(printf '%s\n' "${shares[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')

RESULT="$result" SHARE="$share" SHARES="${shares[*]}" python3 - <<'EOF'
import json, os
r = json.loads(os.environ["RESULT"])
fmt = lambda xs: ", ".join(f"{x:.0f}" for x in xs)
print("| Measure | Result | Target |")
print("| --- | --- | --- |")
print(f"| First w1280 WebP of a 24 MP JPEG (median of {r['rounds']}) | {r['apiMedianMs']:.0f} ms (runs: {fmt(r['apiFirstMs'])}) | |")
print(f"| sharp 0.35.5, same bytes to 1280 WebP (median) | {r['sharpMedianMs']:.0f} ms (runs: {fmt(r['sharpMs'])}) | |")
print(f"| Ratio API / sharp | {r['ratio']:.2f}x | at most 1.5x |")
print(f"| Eight 24 MP uploads at once, four of them to turn upright ({min(r['eightUploadBytes'])/1e6:.1f}-{max(r['eightUploadBytes'])/1e6:.1f} MB each) | peak RSS {r['rssPeakMb']:.0f} MB from {r['rssBeforeMb']:.0f} MB: growth {r['rssGrowthMb']:.0f} MB, {r['eightUploadsMs']:.0f} ms | growth at most 200 MB |")
shares = os.environ["SHARES"].split()
print(f"| Stored variant served warm, share of /health/live requests/s (median of {len(shares)} rounds: {', '.join(shares)}) | {float(os.environ['SHARE']):.0%} | at least 50% |")
EOF
