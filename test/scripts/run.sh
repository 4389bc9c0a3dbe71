#!/usr/bin/env bash
# The node-init script tests: render the test clusters (rpm and deb) with the built CLI, shellcheck every
# rendered script (these and dist/'s), then run the bats suite against them. `npm run test:scripts`;
# needs `npm run build` first (npm test does it), shellcheck and bats (Debian packages; .ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in shellcheck bats; do
  command -v "${tool}" >/dev/null || { echo "test:scripts needs ${tool}: apt-get install -y shellcheck bats" >&2; exit 1; }
done

rendered=$(mktemp -d)
trap 'rm -rf "${rendered}"' EXIT
node build/ack-hybrid.js synth --clusters test/scripts/clusters --out "${rendered}/dist" >/dev/null

# No exclusions: every rendered script must pass shellcheck as it is.
scripts=("${rendered}"/dist/*/init-node-ecs.sh dist/*/init-node-ecs.sh)
shellcheck --shell=bash "${scripts[@]}" test/scripts/run.sh test/scripts/stubs/stub
echo "shellcheck: ${#scripts[@]} rendered scripts clean"

RENDERED_DIR="${rendered}/dist" bats test/scripts
