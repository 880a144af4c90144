#!/usr/bin/env bash
# Runs every test: validates the Kubernetes manifests (deploy/validate.sh), starts the real test Kafka
# broker and Redis (scripts/infra.sh, profile "test"), builds all modules and runs their tests (unit,
# @QuarkusTest, the fuzz corpus replay, the multi-process system tests, the fault tests and a 75 s chaos
# run on the fault profile), fuzzes every target for 5 s (scripts/fuzz.sh), runs the JS client's tests
# and the browser tests (e2e/run.sh), stops the broker and Redis, and runs the benchmark suite in quick
# mode (scripts/bench.sh --quick: its own Kafka and Redis) so that it cannot rot.
#   scripts/test.sh [extra maven args, e.g. -pl device-gateway -am]   (with arguments: the Maven run only)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
# Kubernetes manifests first: rendered with kustomize and validated offline (no Kafka or Redis needed)
"$ROOT/deploy/validate.sh" --quiet
"$ROOT/contract/validate.sh"   # the AsyncAPI document and JSON Schemas of the wire contract (docs/contract.md)
# KafkaAclSystemTest starts and stops the scram profile's broker itself; stopped here too should it be killed
cleanup() { "$ROOT/scripts/infra.sh" stop test || true; "$ROOT/scripts/infra.sh" stop scram || true; }
trap cleanup EXIT
"$ROOT/scripts/infra.sh" start test
"$ROOT/mvnw" -B -ntp verify "$@"
# --- fuzzing (docs/fuzzing.md) ---------------------------------------------------------------------------------
# The verify above replayed the committed fuzz corpus (Jazzer's regression mode). In a full run, also fuzz every
# target for 5 s (JAZZER_FUZZ=1; each target also pays a JVM start: 2 to 4 minutes in all); a finding fails the run. Needs no Kafka or Redis.
if [[ $# -eq 0 ]]; then
  "$ROOT/scripts/fuzz.sh" --seconds-per-target 5
fi
# --- end of fuzzing ----------------------------------------------------------------------------------------------
# the JS client's tests against real services, and the pages in headless Chromium (uses the jars just built)
if [[ $# -eq 0 ]]; then
  "$ROOT/e2e/run.sh"
  cleanup
  "$ROOT/scripts/bench.sh" --quick
fi
