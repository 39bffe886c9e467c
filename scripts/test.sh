#!/usr/bin/env bash
# Runs every test: unit tests (surefire) and integration tests (failsafe) that start a real Kafka broker and S3
# server as processes. Installs the Debian packages the tests need, if missing (idempotent; needs root or sudo).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HERE"

"$HERE/scripts/install-test-deps.sh"

start=$(date +%s)
mvn -B -ntp verify "$@"
echo "hisscube: all tests done in $(( $(date +%s) - start )) s"
