#!/usr/bin/env bash
# Runs the whole check suite the way CI does:
#   1. installs PostgreSQL 15, Redis, Chromium and CJK fonts from Debian when missing (root only);
#   2. starts a THROWAWAY PostgreSQL 15 cluster and a throwaway Redis, each on a free loopback port,
#      in a temporary directory (no existing cluster or Redis is touched, nothing is persisted);
#   3. runs `manage.py check --deploy` with production-like settings and `makemigrations --check`,
#      audits the locked dependencies (scripts/audit_dependencies.py),
#      and `collectstatic` into a temporary STATIC_ROOT (DEBUG=false uses the manifest storage);
#   4. runs `python -m pytest` over the whole suite, one pytest-xdist worker per core (at most 4), each
#      with its own test database (extra arguments are passed on to pytest; `-n 0` runs in one process),
#      and beside it, in one process on a Redis database of its own, the tests that start Celery workers;
#   5. stops both servers on exit, whatever happened, and exits non-zero if anything failed
#      (pytest's own exit code when pytest failed; 5, "no tests collected", is a failure too).
#
# Environment knobs:
#   PYTHON                   interpreter with the project installed (default: .venv/bin/python)
#   RENDA_REQUIRE_SERVICES=1 fail instead of falling back to SQLite / eager Celery
#   RENDA_SKIP_INSTALL=1     never call apt-get
#   RENDA_PG_BIN, RENDA_REDIS_SERVER   other PostgreSQL binaries / redis-server (e.g. to try the fallbacks)
#   RENDA_TEST_WORKERS=N     pytest-xdist workers (default: the number of cores, at most 4)
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
PY=${PYTHON:-$ROOT/.venv/bin/python}
PG_VERSION=15
PG_BIN=${RENDA_PG_BIN:-/usr/lib/postgresql/$PG_VERSION/bin}
REDIS_SERVER=${RENDA_REDIS_SERVER:-redis-server}
APT_PACKAGES_WANTED=()

SCRIPT_START=$SECONDS
PHASE_NAME=""
PHASE_START=$SECONDS
TIMINGS=()
phase() {  # phase NAME: ends the current phase (recording its time) and starts NAME
    if [[ -n $PHASE_NAME ]]; then
        TIMINGS+=("$(printf '%-52s %4ss' "$PHASE_NAME" $((SECONDS - PHASE_START)))")
    fi
    PHASE_NAME=$1
    PHASE_START=$SECONDS
    [[ -n $1 ]] && printf '\n==> %s\n' "$1"
}
say() { printf '    %s\n' "$*"; }
warn() {
    printf '\n' >&2
    printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
    printf '!!! WARNING: %s\n' "$@" >&2
    printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
}
is_root() { [[ $(id -u) -eq 0 ]]; }

if [[ ! -x $PY ]]; then
    echo "error: $PY not found; run 'make venv' first (or set PYTHON)" >&2
    exit 2
fi

# ---------------------------------------------------------------------------------------------
# Clean-up: runs on every exit path (success, failure, Ctrl-C, TERM).
# ---------------------------------------------------------------------------------------------
TMP_DIR=""
PG_DATA=""
PG_STARTED=0
REDIS_PID=""
BROKER_PID=""
POLICY_RC_CREATED=0

as_pg() {  # run a PostgreSQL binary as the cluster's owner (initdb refuses to run as root)
    if is_root; then
        (cd "$TMP_DIR" && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n $BROKER_PID ]] && kill -0 "$BROKER_PID" 2>/dev/null; then
        kill "$BROKER_PID" 2>/dev/null  # the broker run, still going when the parallel run was interrupted
        wait "$BROKER_PID" 2>/dev/null
    fi
    if [[ -n $REDIS_PID ]] && kill -0 "$REDIS_PID" 2>/dev/null; then
        kill "$REDIS_PID" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$REDIS_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$REDIS_PID" 2>/dev/null
        wait "$REDIS_PID" 2>/dev/null
        echo "    stopped throwaway Redis (pid $REDIS_PID)"
    fi
    if [[ $PG_STARTED -eq 1 ]]; then
        if as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 \
            || as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 30 stop >/dev/null 2>&1; then
            echo "    stopped throwaway PostgreSQL"
        else
            echo "    WARNING: could not stop throwaway PostgreSQL in $PG_DATA" >&2
        fi
    fi
    if [[ $POLICY_RC_CREATED -eq 1 ]]; then
        rm -f /usr/sbin/policy-rc.d
    fi
    if [[ -n $TMP_DIR && -d $TMP_DIR ]]; then
        rm -rf "$TMP_DIR"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/renda-test.XXXXXX")
chmod 755 "$TMP_DIR"

free_port() {  # free_port LOW HIGH: a TCP port on 127.0.0.1 nobody listens on
    "$PY" - "$1" "$2" <<'EOF'
import random, socket, sys
low, high = int(sys.argv[1]), int(sys.argv[2])
ports = list(range(low, high + 1))
random.shuffle(ports)
for port in ports[:200]:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
else:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])
EOF
}

# ---------------------------------------------------------------------------------------------
phase "System packages (PostgreSQL $PG_VERSION, Redis, Chromium, CJK fonts)"
# ---------------------------------------------------------------------------------------------
[[ -x $PG_BIN/postgres && -x $PG_BIN/initdb ]] || APT_PACKAGES_WANTED+=("postgresql-$PG_VERSION")
command -v redis-server >/dev/null 2>&1 || APT_PACKAGES_WANTED+=(redis-server)
[[ -x /usr/bin/chromium ]] || APT_PACKAGES_WANTED+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed' \
    || APT_PACKAGES_WANTED+=(fonts-noto-cjk)

if [[ ${#APT_PACKAGES_WANTED[@]} -eq 0 ]]; then
    say "all present"
elif [[ ${RENDA_SKIP_INSTALL:-0} == 1 ]]; then
    say "missing: ${APT_PACKAGES_WANTED[*]} (RENDA_SKIP_INSTALL=1: not installing)"
elif ! is_root || ! command -v apt-get >/dev/null 2>&1; then
    say "missing: ${APT_PACKAGES_WANTED[*]} (not root or no apt-get: not installing)"
else
    say "installing: ${APT_PACKAGES_WANTED[*]}"
    # Keep package scripts from starting a system PostgreSQL/Redis service during the install.
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        POLICY_RC_CREATED=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -q </dev/null >"$TMP_DIR/apt.log" 2>&1 \
        && apt-get install -y -q --no-install-recommends "${APT_PACKAGES_WANTED[@]}" </dev/null >>"$TMP_DIR/apt.log" 2>&1; then
        say "installed"
    else
        tail -n 30 "$TMP_DIR/apt.log" >&2
        warn "apt-get could not install: ${APT_PACKAGES_WANTED[*]}"
    fi
    if [[ $POLICY_RC_CREATED -eq 1 ]]; then
        rm -f /usr/sbin/policy-rc.d
        POLICY_RC_CREATED=0
    fi
fi

# ---------------------------------------------------------------------------------------------
phase "Throwaway PostgreSQL $PG_VERSION"
# ---------------------------------------------------------------------------------------------
DB_LINE=""
start_postgres() {
    [[ -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl ]] || { say "PostgreSQL $PG_VERSION binaries not found in $PG_BIN"; return 1; }
    if is_root && ! id postgres >/dev/null 2>&1; then
        say "running as root but there is no 'postgres' user to own the cluster"
        return 1
    fi
    local pg_dir=$TMP_DIR/pg
    mkdir -p "$pg_dir"
    is_root && chown postgres: "$pg_dir"
    PG_DATA=$pg_dir/data
    if ! as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
        >"$pg_dir/initdb.log" 2>&1; then
        cat "$pg_dir/initdb.log" >&2
        return 1
    fi
    local port attempt
    for attempt in 1 2 3; do
        port=$(free_port 54000 54999)
        if as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$pg_dir/server.log" -w -t 60 \
            -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
            start >/dev/null 2>&1; then
            PG_STARTED=1
            break
        fi
        tail -n 5 "$pg_dir/server.log" >&2
    done
    [[ $PG_STARTED -eq 1 ]] || return 1
    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres renda || return 1
    local version
    version=$(as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d renda -XAtc 'show server_version' | awk '{print $1}')
    export DATABASE_URL="postgres://postgres@127.0.0.1:$port/renda"
    DB_LINE="PostgreSQL $version on 127.0.0.1:$port (throwaway cluster in $PG_DATA)"
    say "up: $DB_LINE"
}
if ! start_postgres; then
    if [[ ${RENDA_REQUIRE_SERVICES:-0} == 1 ]]; then
        echo "error: PostgreSQL $PG_VERSION could not be started and RENDA_REQUIRE_SERVICES=1" >&2
        exit 3
    fi
    warn "PostgreSQL $PG_VERSION could not be started: the suite runs on SQLite instead." \
         "Results on SQLite do not prove the app works on PostgreSQL (the production database)."
    unset DATABASE_URL
    DB_LINE="SQLite (FALLBACK - PostgreSQL unavailable)"
fi

# ---------------------------------------------------------------------------------------------
phase "Throwaway Redis"
# ---------------------------------------------------------------------------------------------
BROKER_LINE=""
start_redis() {
    command -v "$REDIS_SERVER" >/dev/null 2>&1 || { say "$REDIS_SERVER not found"; return 1; }
    local dir=$TMP_DIR/redis port attempt
    mkdir -p "$dir"
    for attempt in 1 2 3; do
        port=$(free_port 63000 63999)
        "$REDIS_SERVER" --port "$port" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly no \
            --daemonize no --logfile "$dir/redis.log" --databases 4 </dev/null &
        REDIS_PID=$!
        local ok=0
        for _ in $(seq 50); do
            kill -0 "$REDIS_PID" 2>/dev/null || break
            if "$PY" -c "import redis,sys; sys.exit(0 if redis.Redis(port=$port).ping() else 1)" 2>/dev/null; then
                ok=1
                break
            fi
            sleep 0.1
        done
        if [[ $ok -eq 1 ]]; then
            local version
            version=$("$PY" -c "import redis; print(redis.Redis(port=$port).info('server')['redis_version'])")
            export REDIS_URL="redis://127.0.0.1:$port/0"
            BROKER_LINE="Redis $version on 127.0.0.1:$port (throwaway, no persistence)"
            say "up: $BROKER_LINE"
            return 0
        fi
        kill "$REDIS_PID" 2>/dev/null
        wait "$REDIS_PID" 2>/dev/null
        REDIS_PID=""
        tail -n 5 "$dir/redis.log" >&2 2>/dev/null
    done
    return 1
}
if ! start_redis; then
    if [[ ${RENDA_REQUIRE_SERVICES:-0} == 1 ]]; then
        echo "error: Redis could not be started and RENDA_REQUIRE_SERVICES=1" >&2
        exit 3
    fi
    warn "Redis could not be started: Celery runs tasks in process (eager)," \
         "and the tests marked 'broker' are SKIPPED."
    unset REDIS_URL
    BROKER_LINE="none (FALLBACK - Redis unavailable: Celery eager, broker tests skipped)"
fi

# ---------------------------------------------------------------------------------------------
# Environment for the suite.
# ---------------------------------------------------------------------------------------------
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
export DEBUG=false HTTPS=false ALLOWED_HOSTS=127.0.0.1,localhost,testserver
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
export PYTHONDONTWRITEBYTECODE=1
CHROMIUM_LINE="not found at $CHROMIUM_PATH (browser tests will be skipped)"
if [[ -x $CHROMIUM_PATH ]]; then
    CHROMIUM_LINE="$("$CHROMIUM_PATH" --version 2>/dev/null | head -n1) at $CHROMIUM_PATH"
fi

FAILED=()

# ---------------------------------------------------------------------------------------------
phase "manage.py check --deploy (production-like settings)"
# ---------------------------------------------------------------------------------------------
DEPLOY_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')
deploy_out=$(env DEBUG=false HTTPS=true SECRET_KEY="$DEPLOY_KEY" ALLOWED_HOSTS=renda.example \
    "$PY" manage.py check --deploy --fail-level WARNING 2>&1)
deploy_rc=$?
printf '%s\n' "$deploy_out" | sed 's/^/    /'
if [[ $deploy_rc -ne 0 ]] || ! grep -q 'System check identified no issues' <<<"$deploy_out"; then
    FAILED+=("check --deploy (exit $deploy_rc)")
fi

# ---------------------------------------------------------------------------------------------
phase "makemigrations --check --dry-run"
# ---------------------------------------------------------------------------------------------
mig_out=$("$PY" manage.py makemigrations --check --dry-run 2>&1)
mig_rc=$?
printf '%s\n' "$mig_out" | sed 's/^/    /'
if [[ $mig_rc -ne 0 ]]; then
    FAILED+=("makemigrations --check: models have changes without migrations (exit $mig_rc)")
fi

# ---------------------------------------------------------------------------------------------
phase "Layers (import-linter: each app imports only the layers below it, pyproject.toml)"
# ---------------------------------------------------------------------------------------------
if ! "$(dirname "$PY")/lint-imports" --no-cache; then
    FAILED+=("lint-imports: an import runs up the layers (see above and [tool.importlinter] in pyproject.toml)")
fi

# ---------------------------------------------------------------------------------------------
phase "Dependency audit (pip-audit over constraints.txt)"
# ---------------------------------------------------------------------------------------------
if ! "$PY" scripts/audit_dependencies.py; then
    FAILED+=("dependency audit: a locked dependency has a known vulnerability (see above)")
fi

# ---------------------------------------------------------------------------------------------
phase "collectstatic (into a temp STATIC_ROOT)"
# ---------------------------------------------------------------------------------------------
# DEBUG=false serves static files through WhiteNoise's manifest storage, as in production:
# pages only render once collectstatic has written the manifest.
export STATIC_ROOT=$TMP_DIR/static MEDIA_ROOT=$TMP_DIR/media
if ! "$PY" manage.py collectstatic --noinput -v 0; then
    FAILED+=("collectstatic")
fi
say "$(find "$STATIC_ROOT" -type f 2>/dev/null | wc -l) files in $STATIC_ROOT"

# ---------------------------------------------------------------------------------------------
phase "pytest"
# ---------------------------------------------------------------------------------------------
echo
echo "    Test database: $DB_LINE"
echo "    Broker:        $BROKER_LINE"
echo "    Chromium:      $CHROMIUM_LINE"
# Each worker loads the demo into its own test database (about 10 s) and opens its own Chromium;
# more than 4 buys little on this suite and costs memory and PostgreSQL connections.
WORKERS=${RENDA_TEST_WORKERS:-$(( $(nproc) < 4 ? $(nproc) : 4 ))}
# --dist worksteal: the long tests (browsers, migration walks) come last (pytest-django runs transactional tests
# after the others); a worker that runs out takes queued tests from the other instead of waiting for it. A
# database test handed over after a transactional one gets the session data back first (tests/conftest.py).
echo "    Workers:       $WORKERS (pytest-xdist; RENDA_TEST_WORKERS to change)"
echo
# Two runs: everything but the tests that start Celery workers on the one Redis, spread over the workers;
# and those, in one process beside it, one after another (two workers' Celery consumers would take each other's
# tasks).
# A marker chosen by the caller (make test-fast: -m "not slow", which leaves the broker tests out) is one run.
CHOSEN_MARKERS=0
for arg in "$@"; do [[ $arg == -m || $arg == -m* ]] && CHOSEN_MARKERS=1; done
if [[ $CHOSEN_MARKERS -eq 1 ]]; then
    "$PY" -m pytest --durations=15 -n "$WORKERS" --dist worksteal "$@"
    PARALLEL_RC=$? BROKER_RC=5
else
    # The broker run goes on beside the parallel one (its tests mostly wait for workers), on a Redis
    # database of its own, so no consumer of it can take a task the other run queued.
    BROKER_LOG=$TMP_DIR/broker-run.log
    BROKER_REDIS_URL=${REDIS_URL:+${REDIS_URL%/*}/1}
    REDIS_URL=${BROKER_REDIS_URL:-${REDIS_URL:-}} \
        "$PY" -m pytest --durations=5 -p no:xdist -m broker "$@" > "$BROKER_LOG" 2>&1 &
    BROKER_PID=$!
    "$PY" -m pytest --durations=15 -n "$WORKERS" --dist worksteal -m "not broker" "$@"
    PARALLEL_RC=$?
    wait "$BROKER_PID"
    BROKER_RC=$?
    BROKER_PID=""
    echo
    echo "    The tests that run Celery workers on Redis (one after another, beside the run above):"
    cat "$BROKER_LOG"
fi
# 5 ("no tests collected") from one run is fine when the other ran tests (e.g. PYTEST_ARGS picked a file);
# from both, nothing was tested: a failure.
if [[ $PARALLEL_RC -eq 5 && $BROKER_RC -eq 5 ]]; then
    PYTEST_RC=5
elif [[ $PARALLEL_RC -ne 0 && $PARALLEL_RC -ne 5 ]]; then
    PYTEST_RC=$PARALLEL_RC
elif [[ $BROKER_RC -ne 0 && $BROKER_RC -ne 5 ]]; then
    PYTEST_RC=$BROKER_RC
else
    PYTEST_RC=0
fi
case $PYTEST_RC in
    0) ;;
    5) FAILED+=("pytest collected no tests (exit 5)") ;;
    *) FAILED+=("pytest (exit $PYTEST_RC)") ;;
esac

phase ""
echo
echo "==> Summary"
echo "    Test database: $DB_LINE"
echo "    Broker:        $BROKER_LINE"
for t in "${TIMINGS[@]}"; do echo "    $t"; done
printf '    %-52s %4ss\n' "total (this script)" $((SECONDS - SCRIPT_START))
if [[ ${#FAILED[@]} -gt 0 ]]; then
    for f in "${FAILED[@]}"; do echo "    FAILED: $f"; done
    if [[ $PYTEST_RC -ne 0 ]]; then
        exit "$PYTEST_RC"
    fi
    exit 1
fi
echo "    all checks passed"
exit 0
