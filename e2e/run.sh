#!/usr/bin/env bash
# The browser-facing tests, from one command:
#   1. the JS client's tests (clients/js/test: pure unit tests, then the client against real notify-service jars)
#   2. the pages in headless Chromium (e2e/tests): merchant console, QR login + phone page, todo board,
#      device console, against the packaged services, the device and QR simulators and the TEST Kafka/Redis.
# Installs what it needs: Debian's chromium (apt-get, when missing and root) and the pinned npm packages
# (npm ci). Starts the test Kafka/Redis unless they run, and stops only what it started. Screenshots and
# logs go to e2e/artifacts/ (gitignored).
#   e2e/run.sh            expects the jars packaged (scripts/test.sh's `mvnw verify` does that)
#   e2e/run.sh --build    packages the needed modules first
set -euo pipefail
LOG_TAG=e2e
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$ROOT"

if [[ "${1:-}" == "--build" ]]; then
  log "packaging the services, the simulators and the common jar"
  "$ROOT/mvnw" -B -q -ntp package -DskipTests \
    -pl common,device-simulator,qr-simulator,device-gateway,command-service,auth-callback-service,notify-service -am
fi

# Debian's Chromium: playwright-core drives it; `npx playwright install` cannot download browsers here
if [[ -z "${CHROMIUM:-}" ]] && ! command -v chromium >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "installing chromium with apt-get"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  else
    log "chromium is missing: apt-get install chromium (as root), or set CHROMIUM=/path/to/chromium"; exit 1
  fi
fi
export CHROMIUM="${CHROMIUM:-$(command -v chromium)}"

if [[ ! -d e2e/node_modules/playwright-core || e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]]; then
  log "npm ci (playwright-core, kafkajs)"
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

missing=()
for m in device-gateway command-service auth-callback-service notify-service; do
  [[ -f "$(quarkus_jar "$m")" ]] || missing+=("$m")
done
[[ -f "$(all_jar device-simulator)" ]] || missing+=(device-simulator)
[[ -f "$(all_jar qr-simulator)" ]] || missing+=(qr-simulator)
if (( ${#missing[@]} )); then
  log "not packaged: ${missing[*]}; run ./mvnw package -DskipTests (or e2e/run.sh --build)"; exit 1
fi

started_infra=0
if ! port_open "$TEST_KAFKA_PORT" || ! port_open "$TEST_REDIS_PORT"; then
  "$ROOT/scripts/infra.sh" start test >/dev/null
  started_infra=1
fi
cleanup() {
  # the test processes stop the services they started (and kill them when they exit); the infra is ours to stop
  if (( started_infra )); then "$ROOT/scripts/infra.sh" stop test || true; fi
}
trap cleanup EXIT

rm -rf e2e/artifacts
mkdir -p e2e/artifacts
log "running the client tests, then the pages in Chromium ($CHROMIUM)"
# one file at a time: each starts its own JVMs, and the machine is small
node --experimental-websocket --test --test-concurrency=1 clients/js/test/*.test.js e2e/tests/*.test.js
log "screenshots: $(cd e2e/artifacts && ls *.png 2>/dev/null | tr '\n' ' ')"
