#!/usr/bin/env bash
# Restore a backup made by backup.sh into an EMPTY database:
# deploy/restore.sh FILE   (DATABASE_URL names the target database)
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL}"
file=${1:?usage: restore.sh FILE}
pg_restore --no-owner --exit-on-error --dbname "$DATABASE_URL" "$file"
echo "restored $file"
