#!/usr/bin/env bash
# Lints openapi.yaml with Spectral's oas ruleset and Redocly's recommended rules; fails on any error.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
echo 'extends: ["spectral:oas"]' > .spectral.yaml
for attempt in 1 2 3; do
  npm install --silent --no-audit --no-fund @stoplight/spectral-cli@6.16.3 @redocly/cli@2.77.0 >/dev/null 2>&1 && break
  [ "$attempt" -lt 3 ] || { echo "npm install of the linters failed" >&2; exit 1; }
  sleep 5
done
npx --no-install spectral lint --fail-severity=error "$root/openapi.yaml"
npx --no-install redocly lint --extends=recommended "$root/openapi.yaml"
