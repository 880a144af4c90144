#!/usr/bin/env bash
# Measures the command round trip on loopback and prints it beside the Kafka floor of the same run:
# starts its own Kafka and Redis (scripts/infra.sh, profile "bench"), one device-gateway and one
# command-service from their jars, simulated machines answering at once, then stops everything.
#   scripts/bench-commands.sh [--quick] [extra CommandRoundTrip options, e.g. --rate 500 --seconds 20]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/.run/bench"
cd "$ROOT"
ARGS=(--sequential 2000 --floor 2000 --rate 500 --seconds 20 --devices 20)
if [[ "${1:-}" == "--quick" ]]; then shift; ARGS=(--sequential 300 --floor 300 --rate 100 --seconds 5 --devices 5); fi
JAR="$ROOT/benchmarks/target/benchmarks-0.1.0-SNAPSHOT-all.jar"
[[ -f "$JAR" ]] || "$ROOT/scripts/mvnw" -B -q -ntp package -DskipTests
KEY="$ROOT/test-support/src/main/resources/switchboard-test"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; "$ROOT/scripts/infra.sh" stop bench || true; }
trap cleanup EXIT
"$ROOT/scripts/infra.sh" start bench >/dev/null
mkdir -p "$RUN"
export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:39092 QUARKUS_REDIS_HOSTS=redis://127.0.0.1:36379 \
       MP_JWT_VERIFY_PUBLICKEY_LOCATION="$KEY/publicKey.pem" QUARKUS_LOG_CATEGORY__IO_SWITCHBOARD__LEVEL=WARN
QUARKUS_HTTP_PORT=38081 java -Xmx512m -jar device-gateway/target/quarkus-app/quarkus-run.jar >"$RUN/gateway.log" 2>&1 &
PIDS+=($!)
QUARKUS_HTTP_PORT=38082 java -Xmx512m -jar command-service/target/quarkus-app/quarkus-run.jar >"$RUN/command-service.log" 2>&1 &
PIDS+=($!)
for port in 38081 38082; do
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$JAR" io.switchboard.bench.CommandRoundTrip --commands http://127.0.0.1:38082 \
  --gateway ws://127.0.0.1:38081/devices/ws --kafka 127.0.0.1:39092 --key "$KEY/privateKey.pem" "${ARGS[@]}" "$@"
