#!/usr/bin/env bash
# Runs every test: starts the real test Kafka broker and Redis (scripts/infra.sh, profile "test"),
# builds all modules and runs their tests (unit, @QuarkusTest, and the multi-process system tests that
# start the packaged services), then stops the broker and Redis.
#   scripts/test.sh [extra maven args, e.g. -pl device-gateway -am]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Kubernetes manifests first: rendered with kustomize and validated offline (no Kafka or Redis needed)
"$ROOT/deploy/validate.sh" --quiet
cleanup() { "$ROOT/scripts/infra.sh" stop test || true; }
trap cleanup EXIT
"$ROOT/scripts/infra.sh" start test
"$ROOT/scripts/mvnw" -B -ntp verify "$@"
