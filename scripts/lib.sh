# Sourced by every script (scripts/*.sh, e2e/run.sh): the checkout's root, logging, port probes, the ports
# of every profile (infra/profiles.env) and where the build puts each jar. Not run on its own.
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"     (from scripts/; e2e/run.sh: .../../scripts/lib.sh)
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../infra/profiles.env
source "$ROOT/infra/profiles.env"
# the project's version, as the root pom states it (the first <version> after its own artifactId)
VERSION="$(sed -n '/<artifactId>switchboard-parent<\/artifactId>/,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml")"
LOG_TAG="${LOG_TAG:-$(basename "$0" .sh)}"

log() { echo "[$LOG_TAG] $*" >&2; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { # port seconds name
  local i
  for ((i = 0; i < $2 * 10; i++)); do port_open "$1" && return 0; sleep 0.1; done
  log "$3 did not listen on $1 within $2 s"; return 1
}

# profile_ports <local|test|bench|fault|scram>: sets KAFKA_PORT, CONTROLLER_PORT and REDIS_PORT from profiles.env
profile_ports() {
  case "$1" in
    local|test|bench|fault|scram) ;;
    *) echo "unknown profile '$1' (local|test|bench|fault|scram)" >&2; return 2 ;;
  esac
  local p; p="$(echo "$1" | tr '[:lower:]' '[:upper:]')"
  KAFKA_PORT="$(eval echo "\$${p}_KAFKA_PORT")"
  CONTROLLER_PORT="$(eval echo "\$${p}_CONTROLLER_PORT")"
  REDIS_PORT="$(eval echo "\$${p}_REDIS_PORT")"
}

# a service's packaged jar (prod profile): <module>/target/quarkus-app/quarkus-run.jar
quarkus_jar() { echo "$ROOT/$1/target/quarkus-app/quarkus-run.jar"; }
# a plain module's jar with its dependencies (maven-shade): <module>/target/<module>-<version>-all.jar
all_jar() { echo "$ROOT/$1/target/$1-$VERSION-all.jar"; }
