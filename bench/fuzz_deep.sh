#!/usr/bin/env sh
# A deeper schemathesis run against a live `pasar serve`: scripts/fuzz_live.py with ten times
# the examples per operation (`make fuzz` uses 20) and a longer time budget. Each variable can
# still be overridden, e.g. `FUZZ_MAX_EXAMPLES=500 FUZZ_ROLES=owner bench/fuzz_deep.sh`.
# It fuzzes a fresh `pasar_fuzz` database (or DATABASE_URL when set), never pasar_bench.
# Takes tens of minutes on two cores; exits non-zero when schemathesis finds a failure.
set -eu
cd "$(dirname "$0")/.."

: "${FUZZ_MAX_EXAMPLES:=200}"
: "${FUZZ_TIMEOUT:=3600}"
: "${FUZZ_REPORT_DIR:=test-artifacts/fuzz-deep}"
# Absolute: schemathesis runs inside the report directory.
case "$FUZZ_REPORT_DIR" in /*) ;; *) FUZZ_REPORT_DIR="$(pwd)/$FUZZ_REPORT_DIR" ;; esac
export FUZZ_MAX_EXAMPLES FUZZ_TIMEOUT FUZZ_REPORT_DIR

if [ ! -f scripts/fuzz_live.py ]; then
    echo "fuzz_deep: scripts/fuzz_live.py is missing" >&2
    exit 2
fi
# Without a committed openapi/openapi.json, fuzz against the app as it is now.
if [ -z "${FUZZ_SCHEMA:-}" ] && [ ! -f openapi/openapi.json ]; then
    mkdir -p "$FUZZ_REPORT_DIR"
    .venv/bin/pasar openapi --output "$FUZZ_REPORT_DIR/openapi.json"
    FUZZ_SCHEMA="$FUZZ_REPORT_DIR/openapi.json"
    export FUZZ_SCHEMA
fi
echo "fuzz_deep: FUZZ_MAX_EXAMPLES=$FUZZ_MAX_EXAMPLES FUZZ_TIMEOUT=${FUZZ_TIMEOUT}s per role, reports in $FUZZ_REPORT_DIR"
exec "${PYTHON:-.venv/bin/python}" scripts/fuzz_live.py
