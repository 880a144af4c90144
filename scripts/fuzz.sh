#!/usr/bin/env bash
# Fuzzes every Jazzer @FuzzTest of the project (docs/fuzzing.md) for a bounded time each and fails on a finding.
# A plain `mvnw verify` only replays the committed corpus (Jazzer's regression mode); this runs the fuzzer.
#   scripts/fuzz.sh [--seconds-per-target N] [--with-jackson] [extra maven args, e.g. -Dtest=EventBodyFuzzTest]
# Defaults to 10 s per target. --with-jackson also instruments Jackson, so the fuzzer is guided through the JSON
# parser's branches too; that costs tens of seconds per target at start, so use it for long runs.
# A finding fails the run; Jazzer writes the crashing input into the target's
# src/test/resources/<package>/<Class>Inputs/<method>/ directory, where it becomes a regression input.
# Needs no Kafka or Redis: the fuzz tests build their beans from plain objects.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

seconds=10
instrument='io.switchboard.**'
maven_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds-per-target) seconds="$2"; shift 2 ;;
    --seconds-per-target=*) seconds="${1#*=}"; shift ;;
    --with-jackson) instrument='io.switchboard.**:com.fasterxml.jackson.**'; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) maven_args+=("$1"); shift ;;
  esac
done
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -gt 0 ]] || { echo "fuzz.sh: --seconds-per-target needs a whole number > 0" >&2; exit 2; }

modules=common,device-gateway,command-service,notify-service,auth-callback-service
log="$ROOT/target/fuzz/fuzz-$(date -u +%Y%m%dT%H%M%SZ).log"
mkdir -p "$(dirname "$log")"
echo "fuzz.sh: ${seconds} s per target, instrumenting ${instrument}, log in ${log#"$ROOT"/}"

# Jazzer fuzzes one @FuzzTest per JVM: each fuzz test class holds one, and reuseForks=false gives every class its
# own JVM. The annotation's maxDuration becomes libFuzzer's -max_total_time; the jazzer.internal.arg.* parameters
# (what Jazzer's own command line sets) are appended after it, so the last -max_total_time, ours, wins.
started=$(date +%s)
set +e
JAZZER_FUZZ=1 "$ROOT/mvnw" -B -ntp test -pl "$modules" -am \
  -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false -DskipFaultTests \
  -DforkCount=1 -DreuseForks=false \
  -Djazzer.internal.arg.0=fuzz "-Djazzer.internal.arg.1=-max_total_time=${seconds}" \
  "-Djazzer.instrumentation_includes=${instrument}" \
  "${maven_args[@]}" >"$log" 2>&1
status=$?
set -e
echo "fuzz.sh: took $(( $(date +%s) - started )) s in all"

# executions per target, from libFuzzer's "Done N runs in S second(s)" after surefire's "Running <class>"
echo "fuzz.sh: executions per target"
awk '/Running io\.switchboard\..*FuzzTest/ { target = $NF }
     /^Done [0-9]+ runs in/ && target != "" { printf "  %-70s %10d runs in %s s\n", target, $2, $5; target = "" }' "$log"
if [[ $status -ne 0 ]]; then
  echo "fuzz.sh: FAILED (a finding or a build error); see $log" >&2
  grep -E "FuzzTestFinding|== Java Exception|crash-|ERROR\]" "$log" | head -20 >&2 || true
  exit "$status"
fi
echo "fuzz.sh: no finding"
