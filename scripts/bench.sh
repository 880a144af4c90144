#!/usr/bin/env bash
# The benchmark suite (benchmarks/): Switchboard beside the naive designs it replaces and Socket.IO, on
# this machine, in one run. Builds the jars if missing, installs the Socket.IO server's npm packages,
# starts its own Kafka and Redis (scripts/infra.sh, profile "bench"), runs the scenarios and writes
# report.md, PNG plots and CSV files.
#   scripts/bench.sh            full run (about 40 minutes), report in docs/benchmarks/
#   scripts/bench.sh --quick    about 12 minutes, small counts, report in .run/bench/quick/ (run by scripts/test.sh)
#   options passed on: --only idle,commands,fanout,replicas-fanout,gateways,qr,startup   --out <folder>
#   scripts/bench.sh --help     this text (starts nothing)
set -euo pipefail
case "${1:-}" in -h|--help) sed -n '2,9p' "$0"; exit 0 ;; esac
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
JAR="$(all_jar benchmarks)"
for path in "$JAR" "$(quarkus_jar device-gateway)" "$(quarkus_jar command-service)" "$(quarkus_jar auth-callback-service)" "$(quarkus_jar notify-service)"; do
  if [[ ! -f "$path" ]]; then "$ROOT/mvnw" -B -q -ntp package -DskipTests; break; fi
done
command -v node >/dev/null || { log "node (v18+) is needed for the Socket.IO comparison"; exit 1; }
# the bench ports are fixed: one run per machine (another checkout's run would stop this one's Kafka and Redis)
exec 9>"${TMPDIR:-/tmp}/switchboard-bench.lock"
flock -n 9 || { log "another benchmark run holds ${TMPDIR:-/tmp}/switchboard-bench.lock (its ports are the same); wait for it"; exit 1; }
# the npm packages, again whenever package-lock.json changed since they were installed
(cd benchmarks/socketio && stamp="$(sha256sum package-lock.json | cut -c1-64)" \
  && { [[ -f node_modules/.installed-from && "$(cat node_modules/.installed-from)" == "$stamp" ]] \
       || { npm ci --no-audit --no-fund --loglevel=error && echo "$stamp" > node_modules/.installed-from; }; })
cleanup() { "$ROOT/scripts/infra.sh" stop bench >/dev/null 2>&1 || true; }
trap cleanup EXIT
"$ROOT/scripts/infra.sh" start bench >/dev/null
exec_java=(java -Xms256m -Xmx2g -Djava.util.logging.SimpleFormatter.format='%1$tT %4$s %5$s%6$s%n'
  -cp "$JAR" io.switchboard.bench.Suite --root "$ROOT")
"${exec_java[@]}" "$@"
