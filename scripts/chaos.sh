#!/usr/bin/env bash
# A bounded chaos run over the fault platform (system-tests, io.switchboard.system.faults): the packaged
# services as processes (2 gateways, 2 command-services, 2 notify-services, 1 auth-callback-service) over
# the fault profile's own Kafka (127.0.0.1:25092) and Redis (127.0.0.1:25379, AOF), mixed traffic
# (commands with Idempotency-Key, QR logins approved by webhook, notifications on Kafka and
# POST /api/events to subscribed sockets) while Kafka, Redis and replicas are killed (-9), restarted and
# frozen at seeded random moments. Prints the table (requests by outcome, recovery time after each
# fault, lost and acted twice) and exits non-zero unless lost and acted twice are both 0.
#   scripts/chaos.sh                  about 4 minutes of traffic (plus build, start and drain)
#   scripts/chaos.sh --short          about 75 s (what the test command runs)
#   scripts/chaos.sh --seconds N      N seconds of traffic
#   scripts/chaos.sh --seed S         the fault schedule of an earlier run (its table prints the seed)
# The table is also written to system-tests/target/chaos/report.md; service logs are in
# system-tests/target/faults/, Maven's output in .run/chaos/maven.log.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SECONDS_OF_TRAFFIC=240
SEED=""
while (( $# )); do
  case "$1" in
    --short) SECONDS_OF_TRAFFIC=75 ;;
    --seconds) SECONDS_OF_TRAFFIC="${2:?--seconds needs a number}"; shift ;;
    --seed) SEED="${2:?--seed needs a number}"; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (--short, --seconds N, --seed S)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$SECONDS_OF_TRAFFIC" =~ ^[0-9]+$ ]] || { echo "--seconds must be a whole number" >&2; exit 2; }
(( SECONDS_OF_TRAFFIC >= 20 && SECONDS_OF_TRAFFIC <= 1800 )) || { echo "--seconds must be within 20..1800" >&2; exit 2; }
mkdir -p "$ROOT/.run/chaos"
rm -f "$ROOT/system-tests/target/chaos/report.md"
echo "[chaos] building and running ${SECONDS_OF_TRAFFIC} s of chaos${SEED:+ (seed $SEED)}; Maven output in .run/chaos/maven.log" >&2
set +e
"$ROOT/mvnw" -B -ntp verify -pl system-tests -am -Dtest=ChaosSystemTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dchaos.seconds="$SECONDS_OF_TRAFFIC" ${SEED:+-Dchaos.seed="$SEED"} >"$ROOT/.run/chaos/maven.log" 2>&1
rc=$?
set -e
if [[ -f "$ROOT/system-tests/target/chaos/report.md" ]]; then
  cat "$ROOT/system-tests/target/chaos/report.md"
else
  echo "[chaos] no report: the run did not finish; the end of .run/chaos/maven.log:" >&2
  tail -n 40 "$ROOT/.run/chaos/maven.log" >&2
fi
if (( rc != 0 )); then
  grep -E "expected|Expecting|lost|acted|twice" "$ROOT/.run/chaos/maven.log" | head -n 10 >&2 || true
  echo "[chaos] FAILED (exit $rc): see the table above and .run/chaos/maven.log" >&2
else
  echo "[chaos] passed: lost 0, acted twice 0" >&2
fi
exit "$rc"
