#!/usr/bin/env bash
# Make sure a Redis answers for the tests of several processes on one shared cache
# (tests/cluster.py, TEST_REDIS_URL, default redis://127.0.0.1:6379/15): start Debian's redis-server
# if it is installed but not running, install it first when run as root. Never fatal: without
# Redis those tests skip and say why.
set -uo pipefail

URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
hostport="${URL#*://}"
hostport="${hostport#*@}"
hostport="${hostport%%/*}"
host="${hostport%%:*}"
port="${hostport##*:}"
[ "$port" = "$hostport" ] && port=6379

answers() { [ "$(redis-cli -h "$host" -p "$port" ping 2>/dev/null)" = PONG ]; }

command -v redis-cli >/dev/null 2>&1 && answers && exit 0

case "$host" in
127.0.0.1 | localhost) ;;
*)
    echo "!! Redis at $host:$port does not answer: the shared-cache tests will skip." >&2
    exit 0
    ;;
esac

if ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> apt-get install redis-server (tests of several hosts on one cache)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server >/tmp/dvk-apt-redis.log 2>&1 ||
            { apt-get update >>/tmp/dvk-apt-redis.log 2>&1 &&
                DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server >>/tmp/dvk-apt-redis.log 2>&1; } ||
            tail -n 5 /tmp/dvk-apt-redis.log >&2
    fi
fi
if command -v redis-server >/dev/null 2>&1; then
    echo "==> starting redis-server on $host:$port (in memory only, for the tests)"
    redis-server --bind "$host" --port "$port" --daemonize yes --save "" --appendonly no >/dev/null 2>&1 || true
    for _ in $(seq 1 20); do
        answers && exit 0
        sleep 0.5
    done
fi
echo "!! no Redis at $host:$port: the shared-cache tests will skip (apt-get install redis-server)." >&2
exit 0
