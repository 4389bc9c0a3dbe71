#!/usr/bin/env bash
# Runs npm scripts at the same time and fails if any did, after all ended: `npm test` type-checks and lints
# together (each uses about one core, and the test command has three minutes on a two-core machine).
#   bash test/run-together.sh typecheck lint
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

(($# > 0)) || { echo "usage: bash test/run-together.sh <npm script>..." >&2; exit 2; }

pids=()
for step in "$@"; do
  npm run --silent "${step}" &
  pids+=("$!")
done
failed=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[${i}]}"; then
    echo "FAILED: npm run ${*:$((i + 1)):1}" >&2
    failed=1
  fi
done
exit "${failed}"
