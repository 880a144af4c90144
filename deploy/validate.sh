#!/usr/bin/env bash
# Validates the Kubernetes deployment in deploy/ offline and prints one summary line:
#   deploy: N resources valid, M paths routed (...)
# It renders every overlay with the real kustomize (built into kubectl), checks each resource against
# the Kubernetes schema (npm kubernetes-models + strict field checking) and the vendored Strimzi, External
# Secrets and Gateway API schemas, checks routing and edge timeouts, configuration, Kafka security and
# ACLs, Redis, NetworkPolicy flows, images and users, simulates kubectl apply -k twice for the Secrets,
# and runs the broken fixtures that must be rejected. Exit status non-zero on any problem. Details:
# deploy/README.md, "Validation".
#   deploy/validate.sh [--overlay DIR]... [--no-fixtures] [--quiet]
# Installs what it needs: npm packages pinned by deploy/validate/package-lock.json (npm ci, once);
# kubectl with kustomize >= v5 must be on the machine (the project's machine image has it).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
V="$HERE/validate"

die() { echo "deploy: FAILED: $*" >&2; exit 1; }

# kubectl with a kustomize that knows "labels" (includeTemplates) and "patches" (kustomize v5, kubectl 1.27+)
if ! command -v kubectl >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deploy: kubectl not found; trying Debian's kubernetes-client" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client; } >/dev/null 2>&1 || true
  fi
  command -v kubectl >/dev/null 2>&1 || die "kubectl not found. Install kubectl 1.27 or newer (it embeds kustomize v5), e.g. from your distribution or the Kubernetes package repository, and run again."
fi
KUSTOMIZE_VERSION="$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\{0,1\}//p' | head -n 1)"
case "$KUSTOMIZE_VERSION" in
  [5-9].*|[1-9][0-9].*) ;;
  *) die "kubectl's kustomize is '${KUSTOMIZE_VERSION:-unknown}' ($(command -v kubectl)); need v5 or newer (kubectl 1.27+). Debian bookworm's kubernetes-client (1.20, kustomize v2) is too old." ;;
esac

command -v node >/dev/null 2>&1 || die "node not found (Node.js 18 or newer; the project's machine image has it)."
command -v npm >/dev/null 2>&1 || die "npm not found (it comes with Node.js)."

# npm ci once per package-lock.json version: a stamp inside node_modules records the lock it installed
LOCK_SUM="$(sha256sum "$V/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$V/node_modules/.lock-sha256" 2>/dev/null || true)" != "$LOCK_SUM" ]; then
  echo "deploy: installing the validator's npm packages (npm ci)" >&2
  (cd "$V" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed in deploy/validate"
  echo "$LOCK_SUM" > "$V/node_modules/.lock-sha256"
fi

exec node "$V/validate.mjs" "$@"
