#!/usr/bin/env bash
# Make sure the PostgreSQL server that DATABASE_URL points to answers, starting the local Debian
# cluster if it is installed but stopped (CI machines have it; a laptop may not, which is fine:
# SQLite stays the default everywhere else).
set -euo pipefail

cd "$(dirname "$0")/.."
PY="${VENV:-.venv}/bin/python"
URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dvk}"

reachable() {
    # Connect to the maintenance database: the test run creates test_<name> itself.
    "$PY" - "$URL" <<'EOF' >/dev/null 2>&1
import sys
from urllib.parse import urlsplit

import psycopg

url = urlsplit(sys.argv[1])
psycopg.connect(
    host=url.hostname or "127.0.0.1", port=url.port or 5432, user=url.username or "postgres",
    password=url.password, dbname="postgres", connect_timeout=3,
).close()
EOF
}

reachable && exit 0

case "$URL" in
*@127.0.0.1[:/]* | *@localhost[:/]* | *//127.0.0.1[:/]* | *//localhost[:/]*) local_server=1 ;;
*) local_server="" ;;
esac

if [ -n "$local_server" ] && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    for dir in /etc/postgresql/*/; do
        version="$(basename "$dir")"
        echo "==> starting PostgreSQL $version (pg_ctlcluster $version main start)"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
    for _ in $(seq 1 30); do
        reachable && exit 0
        sleep 1
    done
fi

where="${URL#*://}"
where="${where#*@}"        # never print a password
echo "xx PostgreSQL is not reachable at ${where%%/*}." >&2
echo "   On Debian/Ubuntu: apt-get install postgresql, allow the user in pg_hba.conf, then retry;" >&2
echo "   or set DATABASE_URL to a server you have." >&2
exit 1
