#!/usr/bin/env bash
# Generates TypeScript types from openapi.yaml (openapi-typescript) and type-checks flow.ts, a newsroom's
# editorial flow with openapi-fetch, under strict. Fails when the contract stops typing the flow honestly.
set -euo pipefail
cd "$(dirname "$0")"
for attempt in 1 2 3; do
  npm ci --silent --no-audit --no-fund >/dev/null 2>&1 && break
  [ "$attempt" -lt 3 ] || { echo "npm ci of the typed-client check failed" >&2; exit 1; }
  sleep 5
done
npm run --silent check
echo "typed client: flow.ts type-checks against openapi.yaml"
