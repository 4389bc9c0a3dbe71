#!/usr/bin/env bash
# The real-Debian node-init test (issue 11 item 7): the one entry the stress suite calls.
#   bash test/stress/debian-root/run.sh [bats options, e.g. -f 'midway']
# Needs root (debootstrap, chroot, mount and pid namespaces), debootstrap, dpkg-dev, apt-utils, gpg, openssl,
# bats and node, and Debian's mirror the first time (the root is cached; see README.md). A missing
# prerequisite fails the run with its reason: this test never skips.
set -euo pipefail
cd "$(dirname "$0")/../../.."

fail() { echo "debian-root: FAILED: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || fail "needs root (debootstrap, chroot, mount): run it as root, as CI does"
missing=()
for tool in debootstrap dpkg-deb dpkg-query apt-ftparchive gpg gpgconf openssl unshare chroot mount tar gzip sha256sum node bats; do
  command -v "${tool}" >/dev/null || missing+=("${tool}")
done
((${#missing[@]} == 0)) || fail "missing ${missing[*]}: apt-get install -y debootstrap dpkg-dev apt-utils gpg openssl bats util-linux (and Node.js)"
unshare --mount --pid --fork -- true 2>/dev/null ||
  fail "cannot create mount and pid namespaces here (unshare --mount --pid): a container needs CAP_SYS_ADMIN for this test"
[[ -f node_modules/yaml/package.json ]] || fail "node_modules/yaml is missing: run npm ci first"
if [[ ! -f build/ack-hybrid.js ]]; then npm run --silent build; fi

started=${SECONDS}
DEBIAN_ROOT_TARBALL=$(bash test/stress/debian-root/lib/root.sh)
export DEBIAN_ROOT_TARBALL
echo "debian-root: root ready in $((SECONDS - started)) s" >&2
bats "$@" test/stress/debian-root/debian-root.bats
echo "debian-root: done in $((SECONDS - started)) s" >&2
