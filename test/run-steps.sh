#!/usr/bin/env bash
# Runs npm scripts one after another, every one of them even when an earlier one fails, then fails at the
# end if any did, with one line per step. `npm test` and `npm run test:stress` are lists of steps:
#   bash test/run-steps.sh build typecheck lint test:jest test:scripts
# (With `a && b`, a failing jest would hide whether the script tests pass.)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

(($# > 0)) || { echo "usage: bash test/run-steps.sh <npm script>..." >&2; exit 2; }

passed=0
failed=0
summary=()
for step in "$@"; do
  start=${SECONDS}
  echo "=== ${step}"
  if npm run --silent "${step}"; then
    passed=$((passed + 1))
    summary+=("ok      ${step} ($((SECONDS - start)) s)")
  else
    failed=$((failed + 1))
    summary+=("FAILED  ${step} ($((SECONDS - start)) s)")
  fi
done

echo
echo "=== summary"
printf '%s\n' "${summary[@]}"
# The plain closing line CI reads.
echo "steps: ${passed} passed, ${failed} failed"
((failed == 0))
