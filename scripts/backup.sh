#!/usr/bin/env bash
# Back up the renda database named by DATABASE_URL as a pg_dump custom-format file.
#
#   DATABASE_URL=postgres://user:password@host:5432/renda scripts/backup.sh [FILE]
#
# FILE defaults to backups/renda-YYYYmmdd-HHMMSS.dump. The dump is written to FILE.part and
# renamed only once pg_dump succeeded and pg_restore can read its table of contents, so a
# failed run never leaves a file that looks complete. Uploaded documents (MEDIA_ROOT or the
# S3 bucket) are not in the database: copy them alongside. Restore with scripts/restore.sh.
set -euo pipefail

url="${DATABASE_URL:-}"
case "$url" in
  postgres://* | postgresql://*) ;;
  "") echo "backup.sh: DATABASE_URL is not set" >&2; exit 2 ;;
  *) echo "backup.sh: DATABASE_URL is not a PostgreSQL URL (SQLite: copy the db.sqlite3 file instead)" >&2; exit 2 ;;
esac

# pg_dump from PATH, else Debian's PostgreSQL 15 (RENDA_PG_BIN overrides); it must not be older than the server.
pg_bin="${RENDA_PG_BIN:-}"
if [ -z "$pg_bin" ] && ! command -v pg_dump >/dev/null; then pg_bin=/usr/lib/postgresql/15/bin; fi
pg_dump="${pg_bin:+$pg_bin/}pg_dump"
pg_restore="${pg_bin:+$pg_bin/}pg_restore"

out="${1:-backups/renda-$(date +%Y%m%d-%H%M%S).dump}"
mkdir -p "$(dirname "$out")"
part="$out.part"
trap 'rm -f "$part"' EXIT

# --no-owner/--no-privileges: the dump restores into a database owned by another role too.
"$pg_dump" --format=custom --no-owner --no-privileges --file="$part" --dbname="$url"
"$pg_restore" --list "$part" >/dev/null
mv "$part" "$out"
trap - EXIT
echo "backup.sh: wrote $out ($(du -h "$out" | cut -f1))"
