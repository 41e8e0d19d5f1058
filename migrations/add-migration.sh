#!/usr/bin/env bash
# Adds one migration, with the same name, to every provider's migrations project.
# Usage: migrations/add-migration.sh NAME
set -euo pipefail
name=${1:?usage: migrations/add-migration.sh NAME}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" \
    --project "migrations/Cms.Migrations.$provider" \
    --startup-project "migrations/Cms.Migrations.$provider" \
    --output-dir Migrations
done
