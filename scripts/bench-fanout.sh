#!/usr/bin/env bash
# Measures notification fan-out: one notify-service from its jar against its own Kafka and Redis
# (scripts/infra.sh, profile "bench"), N sockets on one channel, events posted and timed to each socket.
#   scripts/bench-fanout.sh [--sockets 1000] [--events 100] [--interval-ms 50]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/.run/bench"
cd "$ROOT"
JAR="$ROOT/benchmarks/target/benchmarks-0.1.0-SNAPSHOT-all.jar"
[[ -f "$JAR" ]] || "$ROOT/scripts/mvnw" -B -q -ntp package -DskipTests
KEY="$ROOT/test-support/src/main/resources/switchboard-test"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; "$ROOT/scripts/infra.sh" stop bench || true; }
trap cleanup EXIT
"$ROOT/scripts/infra.sh" start bench >/dev/null
mkdir -p "$RUN"
QUARKUS_HTTP_PORT=38084 KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:39092 QUARKUS_REDIS_HOSTS=redis://127.0.0.1:36379 \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$KEY/publicKey.pem" QUARKUS_LOG_CATEGORY__IO_SWITCHBOARD__LEVEL=WARN \
  NOTIFY_ALLOWED_ORIGINS=http://127.0.0.1:38084 \
  java -Xmx1g -jar notify-service/target/quarkus-app/quarkus-run.jar >"$RUN/notify-service.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:38084/q/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$JAR" io.switchboard.bench.FanOut --notify http://127.0.0.1:38084 --key "$KEY/privateKey.pem" "$@"
