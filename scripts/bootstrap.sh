#!/usr/bin/env bash
# Prepare this checkout to run or test the app: the virtualenv, Python packages and the few Debian
# packages the app needs. Called by the Makefile; safe to run again (a second run takes ~1 s).
#
#   scripts/bootstrap.sh run    runtime requirements + libharfbuzz-subset0
#   scripts/bootstrap.sh test   + dev requirements + Chromium for the browser tests
#
# Environment: PYTHON (interpreter to build the venv from, default python3), VENV (default .venv),
# SKIP_APT=1 (never call apt-get; print what is missing instead).
set -euo pipefail

cd "$(dirname "$0")/.."

MODE="${1:-run}"
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
STAMPS="$VENV/.stamps"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33m!!\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

# --- Debian packages -----------------------------------------------------------------------------

APT_UPDATED=""

# Outputs are captured before grep: with pipefail, `cmd | grep -q` fails when grep exits first
# and cmd gets SIGPIPE.
have_deb() { [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == *"install ok installed"* ]]; }

apt_install() {
    # --no-install-recommends matters: Chromium with recommends pulls ~127 packages and a font
    # without Vietnamese. The package lists may be empty on a fresh machine: update once, retry.
    local cmd=(apt-get install -y --no-install-recommends "$@")
    if DEBIAN_FRONTEND=noninteractive "${cmd[@]}" >/tmp/dvk-apt.log 2>&1; then
        return 0
    fi
    if [ -z "$APT_UPDATED" ]; then
        say "apt-get update"
        apt-get update >>/tmp/dvk-apt.log 2>&1 || true
        APT_UPDATED=1
        DEBIAN_FRONTEND=noninteractive "${cmd[@]}" >>/tmp/dvk-apt.log 2>&1 && return 0
    fi
    tail -n 20 /tmp/dvk-apt.log >&2
    return 1
}

have_lib() { [[ "$(ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null)" == *"$1"* ]]; }

# ensure_deb PACKAGE required|optional WHY [COMMAND THAT SUCCEEDS WHEN IT IS ALREADY THERE...]
ensure_deb() {
    local pkg="$1" need="$2" why="$3"
    shift 3
    if [ $# -gt 0 ]; then "$@" && return 0; elif have_deb "$pkg"; then return 0; fi
    if ! command -v apt-get >/dev/null 2>&1; then
        warn "$pkg is missing ($why) and this is not a Debian/Ubuntu system: install it by hand."
        if [ "$need" = optional ]; then return 0; fi
        die "cannot continue without $pkg"
    fi
    if is_root && [ "${SKIP_APT:-}" != 1 ]; then
        say "apt-get install $pkg ($why)"
        if apt_install "$pkg"; then return 0; fi
        [ "$need" = optional ] && { warn "could not install $pkg; continuing without it"; return 0; }
        die "could not install $pkg"
    fi
    warn "$pkg is missing ($why). Run:"
    warn "    sudo apt-get install -y --no-install-recommends $pkg"
    [ "$need" = optional ] && return 0
    die "then run make again"
}

# --- the virtualenv ------------------------------------------------------------------------------

venv_ok() {
    # A venv copied from another directory or machine has a dangling interpreter: rebuild it.
    [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null
}

ensure_venv() {
    venv_ok && return 0
    command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found: install Python 3.10 or newer (apt-get install python3)."
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
        die "$("$PYTHON" --version 2>&1) is too old: Django 5.2 needs Python 3.10 or newer (set PYTHON=python3.11 …)."
    [ -d "$VENV" ] && { warn "$VENV is broken; recreating it"; rm -rf "$VENV"; }
    say "creating $VENV with $("$PYTHON" --version 2>&1)"
    if ! "$PYTHON" -m venv "$VENV" 2>/tmp/dvk-venv.log; then
        # Debian splits ensurepip into python3-venv.
        rm -rf "$VENV"
        ensure_deb python3-venv required "python3 -m venv needs ensurepip"
        "$PYTHON" -m venv "$VENV" || die "python3 -m venv failed (see above)"
    fi
    "$VENV/bin/python" -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
}

# --- Python packages -----------------------------------------------------------------------------

hash_of() { cat "$@" | sha256sum | cut -c1-16; }

pip_install() {
    # uv resolves and installs ~10x faster than pip; pip stays the fallback if uv can't be had.
    if [ ! -x "$VENV/bin/uv" ]; then
        "$VENV/bin/python" -m pip install --quiet uv >/dev/null 2>&1 || warn "could not install uv; using pip"
    fi
    if [ -x "$VENV/bin/uv" ]; then
        if "$VENV/bin/uv" pip install --quiet --python "$VENV/bin/python" "$@"; then
            return 0
        fi
        warn "uv pip install failed; retrying with pip"
    fi
    "$VENV/bin/python" -m pip install --quiet "$@"
}

# ensure_requirements NAME FILE... : install once per distinct content of the files.
ensure_requirements() {
    local name="$1"
    shift
    local stamp
    stamp="$STAMPS/$name-$(hash_of "$@")"
    [ -e "$stamp" ] && return 0
    say "installing Python packages: $*"
    local args=()
    for f in "$@"; do args+=(-r "$f"); done
    pip_install "${args[@]}"
    mark_installed "$name" "$@"
}

mark_installed() {
    local name="$1"
    shift
    mkdir -p "$STAMPS"
    rm -f "$STAMPS/$name-"*
    touch "$STAMPS/$name-$(hash_of "$@")"
}

# --- translations --------------------------------------------------------------------------------

compile_messages() {
    # Only for a .po without its .mo: committed .mo files need no gettext at all. (Timestamps
    # can't tell stale from fresh: a clone writes both files at the same moment, in any order.)
    [ -d locale ] || return 0
    local missing=""
    while IFS= read -r po; do
        [ -e "${po%.po}.mo" ] || missing=1
    done < <(find locale locale_libraries -name '*.po' 2>/dev/null)
    [ -z "$missing" ] && return 0
    command -v msgfmt >/dev/null 2>&1 || ensure_deb gettext optional "msgfmt compiles translations"
    if command -v msgfmt >/dev/null 2>&1; then
        say "compiling translations"
        "$VENV/bin/python" manage.py compilemessages --verbosity 0 --ignore '.venv'
    else
        warn "translations not compiled (no msgfmt): the interface stays Vietnamese-only"
    fi
}

# --- main ----------------------------------------------------------------------------------------

ensure_venv
case "$MODE" in
run)
    ensure_requirements runtime requirements.txt
    ;;
test)
    ensure_requirements dev requirements.txt requirements-dev.txt
    # The dev set includes the runtime one: a later `make run` need not install anything.
    mark_installed runtime requirements.txt
    ;;
*)
    die "usage: $0 run|test"
    ;;
esac

# WeasyPrint falls back to a font subsetter ~8x slower without it (DESIGN.md §4).
ensure_deb libharfbuzz-subset0 optional "fast font subsetting for PDFs" have_lib libharfbuzz-subset.so.0
compile_messages

if [ "$MODE" = test ]; then
    # Debian's Chromium, driven by pip's Playwright; `playwright install` cannot download here.
    ensure_deb chromium optional "browser tests (tests/browser)" test -x /usr/bin/chromium
    [ -x /usr/bin/chromium ] || warn "browser tests will fail or be skipped without /usr/bin/chromium"
    # Debian's nginx checks deploy/'s sites (`nginx -t`, tests/core/test_deploy_files.py); the light
    # build is enough and is not started by the tests.
    ensure_deb nginx-light optional "nginx -t of deploy/ in the tests" test -x /usr/sbin/nginx
    # A software token for the PKCS#11 signing tests (tests/signing): the token path is tested for real.
    ensure_deb softhsm2 optional "PKCS#11 signing tests (SoftHSM2 token)" command -v softhsm2-util
    # poppler's pdfsig: the signing tests check that a second, independent reader finds the signature valid.
    ensure_deb poppler-utils optional "pdfsig checks signed PDFs in the tests" command -v pdfsig
fi

# `manage.py backup` / `restore` on PostgreSQL call pg_dump / pg_restore (SQLite needs nothing).
if [ -n "${DATABASE_URL:-}" ] && [[ "$DATABASE_URL" == postgres* ]]; then
    ensure_deb postgresql-client optional "pg_dump and pg_restore for manage.py backup/restore" command -v pg_dump
fi
