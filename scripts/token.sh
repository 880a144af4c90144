#!/usr/bin/env bash
# Mints a dev token signed with the local key pair (.run/keys, made by scripts/run-local.sh).
#   scripts/token.sh <role[,role]> <subject> [claim=value ...] [ttl=seconds]
# e.g. scripts/token.sh operator alice
#      scripts/token.sh merchant m1 shop=s1
#      scripts/token.sh staff bob boards=b1,b2
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
JAR="$(all_jar device-simulator)"
[[ -f "$JAR" ]] || "$ROOT/mvnw" -B -q -f "$ROOT/pom.xml" -pl device-simulator -am package -DskipTests >&2
[[ -f "$ROOT/.run/keys/privateKey.pem" ]] || java "$ROOT/infra/GenerateKeys.java" "$ROOT/.run/keys" >&2
exec java -Dkey="$ROOT/.run/keys/privateKey.pem" -cp "$JAR" io.switchboard.sim.MintToken "$@"
