#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into the database named by DATABASE_URL.
#
#   DATABASE_URL=postgres://user:password@host:5432/renda_new scripts/restore.sh FILE
#   DATABASE_URL=… scripts/restore.sh --force FILE    # replace the tables of a non-empty database
#
# The database must exist (createdb renda_new). It is refused when it already holds tables,
# unless --force, which drops and recreates the dump's objects (pg_restore --clean). The restore
# runs in one transaction: on any error nothing is changed. Run `manage.py migrate` afterwards
# when the code is newer than the dump.
set -euo pipefail

force=""
if [ "${1:-}" = "--force" ]; then force=1; shift; fi
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "usage: DATABASE_URL=postgres://… scripts/restore.sh [--force] FILE (a dump made by scripts/backup.sh)" >&2
  exit 2
fi
file="$1"

url="${DATABASE_URL:-}"
case "$url" in
  postgres://* | postgresql://*) ;;
  *) echo "restore.sh: DATABASE_URL must name the PostgreSQL database to restore into" >&2; exit 2 ;;
esac

pg_bin="${RENDA_PG_BIN:-}"
if [ -z "$pg_bin" ] && ! command -v pg_restore >/dev/null; then pg_bin=/usr/lib/postgresql/15/bin; fi
pg_restore="${pg_bin:+$pg_bin/}pg_restore"
psql="${pg_bin:+$pg_bin/}psql"

"$pg_restore" --list "$file" >/dev/null  # a readable custom-format dump, before touching anything

tables=$("$psql" --dbname="$url" --no-psqlrc --tuples-only --no-align --set=ON_ERROR_STOP=1 --command \
  "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
clean=()
if [ "$tables" != "0" ]; then
  if [ -z "$force" ]; then
    echo "restore.sh: the target database already holds $tables tables; refusing to restore over it" >&2
    echo "restore.sh: restore into a new empty database (createdb), or pass --force to replace its tables" >&2
    exit 1
  fi
  clean=(--clean --if-exists)
fi

"$pg_restore" --no-owner --no-privileges --exit-on-error --single-transaction "${clean[@]}" \
  --dbname="$url" "$file"
echo "restore.sh: restored $file ($tables tables were there before)"
