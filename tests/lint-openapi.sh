#!/usr/bin/env bash
# Lints openapi.yaml with Spectral's oas ruleset and Redocly's recommended rules; fails on any error or warning.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
echo 'extends: ["spectral:oas"]' > .spectral.yaml
# The contract's /articles/slug/{slug} and /articles/{id}/publish (…/related, …) both match /articles/slug/publish
# on paper only: {id} is a UUID (format uuid), which "slug" never is, and literal segments route first.
printf 'extends: [recommended]\nrules:\n  no-ambiguous-paths: off\n' > redocly.yaml
for attempt in 1 2 3; do
  npm install --silent --no-audit --no-fund @stoplight/spectral-cli@6.16.3 @redocly/cli@2.77.0 >/dev/null 2>&1 && break
  [ "$attempt" -lt 3 ] || { echo "npm install of the linters failed" >&2; exit 1; }
  sleep 5
done
npx --no-install spectral lint --fail-severity=warn "$root/openapi.yaml"
npx --no-install redocly lint --config redocly.yaml "$root/openapi.yaml" 2>&1 | tee redocly.out
# Redocly exits 0 on warnings; the document is kept at none.
if grep -Eq 'You have [0-9]+ warning' redocly.out; then echo "Redocly warnings (above)" >&2; exit 1; fi
