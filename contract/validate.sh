#!/usr/bin/env bash
# Validates the machine-readable contract (contract/asyncapi.yaml and contract/schemas) offline and prints one
# summary line; exit status non-zero on any problem (see validate.mjs for what is checked). Then runs the broken
# fixtures (contract/fixtures/*/asyncapi.yaml: an invalid document, an unreferenced schema, a schema that does not
# parse, an example that breaks its schema), each of which must be rejected.
#   contract/validate.sh [path/to/asyncapi.yaml]   (with a path: that document only, no fixtures)
# Installs what it needs: npm packages pinned by contract/package-lock.json (npm ci, once per lock).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() { echo "contract: FAILED: $*" >&2; exit 1; }
command -v node >/dev/null 2>&1 || die "node not found (Node.js 18 or newer; the project's machine image has it)."
command -v npm >/dev/null 2>&1 || die "npm not found (it comes with Node.js)."

# npm ci once per package-lock.json version: a stamp inside node_modules records the lock it installed
LOCK_SUM="$(sha256sum "$HERE/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$HERE/node_modules/.lock-sha256" 2>/dev/null || true)" != "$LOCK_SUM" ]; then
  echo "contract: installing the validator's npm packages (npm ci)" >&2
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed in contract/"
  echo "$LOCK_SUM" > "$HERE/node_modules/.lock-sha256"
fi

if [ $# -gt 0 ]; then
  exec node "$HERE/validate.mjs" "$@"
fi
node "$HERE/validate.mjs"
for fixture in "$HERE"/fixtures/*/asyncapi.yaml; do
  if node "$HERE/validate.mjs" "$fixture" >/dev/null 2>&1; then
    die "the broken fixture ${fixture#"$HERE"/} was accepted"
  fi
done
echo "contract: $(ls -d "$HERE"/fixtures/*/ | wc -l) broken fixtures rejected"
