#!/usr/bin/env bash
# Regenerates the app's typed client (Api/) from the committed openapi.yaml with Kiota (a local tool, dotnet-tools.json).
# AdminClientTests fails when Api/ is not what this makes from the current openapi.yaml.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-src/Cms.Admin/Api}
dotnet tool restore >/dev/null
rm -rf "$out"
dotnet kiota generate --language CSharp --openapi openapi.yaml --class-name CmsClient --namespace-name Cms.Admin.Api \
  --output "$out" --exclude-backward-compatible --clean-output --log-level Warning >/dev/null
# The lock file names the machine's absolute path of the description; nothing needs it.
rm -f "$out/kiota-lock.json"
