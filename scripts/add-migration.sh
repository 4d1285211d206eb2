#!/usr/bin/env bash
# Adds an EF Core migration of the current model for both providers: SQLite (Data/Migrations) and PostgreSQL
# (Data.PostgreSql/Migrations). Every model change gets both, under the same name (docs/decisions.md, issue 17).
#   bash scripts/add-migration.sh NAME                 both
#   bash scripts/add-migration.sh --postgresql NAME    the PostgreSQL one only (a branch that brought its SQLite one)
# A migration that moves data with SQL (migrationBuilder.Sql) is written by hand for each provider: the script
# says so when the SQLite one has such a block.
set -euo pipefail
cd "$(dirname "$0")/.."

only_pg=false
if [ "${1:-}" = "--postgresql" ]; then only_pg=true; shift; fi
name="${1:?usage: scripts/add-migration.sh [--postgresql] NAME}"

dotnet tool restore >/dev/null
if ! $only_pg; then
  (cd Data && dotnet ef migrations add "$name")
fi
(cd Data.PostgreSql && dotnet ef migrations add "$name" --output-dir Migrations)

sqlite=$(ls Data/Migrations/*_"$name".cs 2>/dev/null | grep -v Designer | tail -1 || true)
if [ -n "$sqlite" ] && grep -q 'migrationBuilder.Sql' "$sqlite"; then
  echo "NOTE: $sqlite moves data with SQL: write the PostgreSQL equivalent into Data.PostgreSql/Migrations/*_$name.cs by hand." >&2
fi
