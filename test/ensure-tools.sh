#!/usr/bin/env bash
# The first step of `npm test`: every tool the tests need, there in the first seconds or the run says which is
# missing and how to get it. bats comes from npm (a devDependency, node_modules/bats); shellcheck has no npm
# package that installs without downloading a binary, so as root with apt-get it is installed from Debian here,
# as the README's test command must pass on a fresh machine with nothing installed beforehand.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "tools: FAILED: $*" >&2; exit 1; }

for tool in node kubectl python3; do
  command -v "${tool}" >/dev/null || fail "${tool} is not on PATH (kubectl renders kustomizations, python3 drives init's terminal test)"
done
[[ -x node_modules/bats/bin/bats ]] || fail "node_modules/bats is missing: run npm ci first"

if ! command -v shellcheck >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "tools: installing shellcheck (Debian package, apt-get)" >&2
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck; } >/dev/null ||
      fail "could not install shellcheck with apt-get"
  else
    fail "shellcheck is not on PATH: install it (Debian and Ubuntu: sudo apt-get install shellcheck), or run the tests as root on a Debian machine"
  fi
fi
echo "tools: node $(node --version), kubectl $(kubectl version --client -o json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).clientVersion.gitVersion)}catch{console.log("?")}})'), python3, shellcheck $(shellcheck --version | sed -n 's/^version: //p'), bats $(node_modules/bats/bin/bats --version | cut -d' ' -f2)"
