#!/usr/bin/env bash
# Serve the app for development: the django-tasks database worker in the background (it sends
# the receipt e-mails, printed to this console one line each) and the dev server in the foreground.
# Once the server answers, the addresses and the demo logins are printed, last, below the server's
# own start lines. Stopping the server (Ctrl+C) stops the worker too. Expects a migrated, seeded
# database (`make run` does it).
#
# Environment: HOST (default 127.0.0.1), PORT (default 8000), VENV (default .venv).
set -euo pipefail

cd "$(dirname "$0")/.."

VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
# The settings build PUBLIC_BASE_URL (links in e-mails, QR codes) from these: the worker must see
# the same address as the server.
export HOST PORT

worker=""
announcer=""
stop_worker() {
    if [ -n "$announcer" ]; then
        kill "$announcer" 2>/dev/null || true
        announcer=""
    fi
    [ -n "$worker" ] || return 0
    # The worker reloads on code changes (DEBUG), so it is a reloader parent with a child:
    # signal its whole process group, which setsid made separate from ours.
    kill -TERM -- "-$worker" 2>/dev/null || kill -TERM "$worker" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        kill -0 "$worker" 2>/dev/null || break
        sleep 0.3
    done
    kill -KILL -- "-$worker" 2>/dev/null || true
    wait "$worker" 2>/dev/null || true
    worker=""
    echo "Đã dừng tiến trình chạy nền (db_worker)."
}
trap stop_worker EXIT
# Ctrl+C is the normal way to stop the dev server: not an error for make.
trap 'exit 0' INT
trap 'exit 143' TERM

# Without libharfbuzz-subset every PDF (certificates above all) renders about 8 times slower.
# runserver and db_worker print it too (system check contest.W001), but among their start-up
# lines it is easy to miss: say it first, in a box.
if ! "$PY" -c 'import sys; from contest.core.checks import harfbuzz_subset_available as ok; sys.exit(not ok())'; then
    cat >&2 <<'EOF'

  !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
  !!  CẢNH BÁO: thiếu thư viện libharfbuzz-subset (HarfBuzz subsetting).       !!
  !!  Mọi tệp PDF (giấy chứng nhận, biên bản…) sẽ in chậm khoảng 8 lần.        !!
  !!  Cài đặt: sudo apt-get install libharfbuzz-subset0   rồi chạy lại.        !!
  !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!

EOF
fi

if command -v setsid >/dev/null 2>&1; then
    setsid "$PY" manage.py db_worker --queue-name '*' &
else
    # Without setsid there is no group to signal: run it without the reloader (one process).
    "$PY" manage.py db_worker --queue-name '*' --no-reload &
fi
worker=$!

# The address to knock on: a server listening on every interface answers on the loopback one.
case "$HOST" in
    0.0.0.0 | "") probe_host=127.0.0.1 ;;
    :: | "[::]") probe_host=::1 ;;
    *) probe_host="${HOST#[}"; probe_host="${probe_host%]}" ;;
esac

announce() {
    # runserver prints its start lines before it listens: once the port answers they are on the
    # screen, and what is printed now comes after them. Gives up after two minutes.
    for _ in $(seq 1 240); do
        if (exec 3<>"/dev/tcp/$probe_host/$PORT") 2>/dev/null; then
            cat <<EOF

  Dân vận khéo – máy chủ phát triển
  ─────────────────────────────────
  Trang chủ:        http://$HOST:$PORT/
  Đăng nhập:        http://$HOST:$PORT/tai-khoan/dang-nhap/
  Cổng đơn vị:      http://$HOST:$PORT/don-vi/
  Quản trị (BTC):   http://$HOST:$PORT/quan-tri/
  Dừng:             Ctrl+C (dừng cả máy chủ và tiến trình chạy nền)

EOF
            "$PY" manage.py demo_logins
            return 0
        fi
        sleep 0.5
    done
}
announce &
announcer=$!

"$PY" manage.py runserver "$HOST:$PORT"
