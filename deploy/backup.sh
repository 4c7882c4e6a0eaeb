#!/usr/bin/env bash
# Back up the whole Tværs database (public schema and every municipality
# schema) into one custom-format file: deploy/backup.sh [FILE]
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL}"
file=${1:-tvaers-$(date -u +%Y%m%dT%H%M%SZ).dump}
pg_dump --format=custom --no-owner --file "$file" "$DATABASE_URL"
echo "backup written to $file"
