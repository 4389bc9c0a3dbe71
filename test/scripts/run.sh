#!/usr/bin/env bash
# The node-init script tests: render the test clusters (rpm and deb) with the built CLI, shellcheck every
# rendered script (these and dist/'s), then run the bats suite against them. `npm run test:scripts` (in the
# stress suite: its bats tests take over a minute); `npm test` runs it with --shellcheck-only. Needs
# `npm run build` first, shellcheck (npm test's first step installs it) and bats (npm).
set -euo pipefail
cd "$(dirname "$0")/../.."

# bats from the devDependency: the same version on every machine.
PATH="${PWD}/node_modules/bats/bin:${PATH}"
for tool in shellcheck bats; do
  command -v "${tool}" >/dev/null || { echo "test:scripts needs ${tool}: run 'npm ci', then 'npm test' (its first step installs shellcheck as root)" >&2; exit 1; }
done

rendered=$(mktemp -d)
trap 'rm -rf "${rendered}"' EXIT
node build/ack-hybrid.js synth --clusters test/scripts/clusters --out "${rendered}/dist" >/dev/null

# No exclusions: every rendered script must pass shellcheck as it is.
scripts=("${rendered}"/dist/*/init-node-ecs.sh dist/*/init-node-ecs.sh)
shellcheck --shell=bash "${scripts[@]}" test/scripts/run.sh test/scripts/stubs/stub
echo "shellcheck: ${#scripts[@]} rendered scripts clean"
[[ "${1:-}" == --shellcheck-only ]] && exit 0

RENDERED_DIR="${rendered}/dist" bats test/scripts
