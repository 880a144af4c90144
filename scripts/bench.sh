#!/usr/bin/env bash
# The benchmark suite (benchmarks/): Switchboard beside the naive designs it replaces and Socket.IO, on
# this machine, in one run. Builds the jars if missing, installs the Socket.IO server's npm packages,
# starts its own Kafka and Redis (scripts/infra.sh, profile "bench"), runs the scenarios and writes
# report.md, PNG plots and CSV files.
#   scripts/bench.sh            full run (about 15 minutes), report in docs/benchmarks/
#   scripts/bench.sh --quick    about 5 minutes, small counts, report in .run/bench/quick/ (run by .ci/run)
#   options passed on: --only idle,commands,fanout,qr   --out <folder>
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JAR="$ROOT/benchmarks/target/benchmarks-0.1.0-SNAPSHOT-all.jar"
for f in "$JAR" device-gateway command-service auth-callback-service notify-service; do
  [[ "$f" == /* ]] && path="$f" || path="$ROOT/$f/target/quarkus-app/quarkus-run.jar"
  if [[ ! -f "$path" ]]; then "$ROOT/scripts/mvnw" -B -q -ntp package -DskipTests; break; fi
done
command -v node >/dev/null || { echo "bench: node (v18+) is needed for the Socket.IO comparison" >&2; exit 1; }
(cd benchmarks/socketio && [[ -d node_modules/socket.io ]] || npm ci --no-audit --no-fund --loglevel=error)
cleanup() { "$ROOT/scripts/infra.sh" stop bench >/dev/null 2>&1 || true; }
trap cleanup EXIT
"$ROOT/scripts/infra.sh" start bench >/dev/null
exec_java=(java -Xms256m -Xmx2g -Djava.util.logging.SimpleFormatter.format='%1$tT %4$s %5$s%6$s%n'
  -cp "$JAR" io.switchboard.bench.Suite --root "$ROOT")
"${exec_java[@]}" "$@"
