#!/usr/bin/env bash
# The real-Debian node-init test (issue 11 item 7): the one entry the stress suite calls.
#   bash test/stress/debian-root/run.sh [bats options, e.g. -f 'midway']
# Needs root (debootstrap, chroot, mount and pid namespaces), debootstrap, dpkg-dev, apt-utils, gpg, openssl,
# bats and node, and Debian's mirror the first time (the root is cached; see README.md). A missing
# prerequisite fails the run with its reason: this test never skips.
set -euo pipefail
cd "$(dirname "$0")/../../.."

fail() { echo "debian-root: FAILED: $*" >&2; exit 1; }
# bats from the devDependency, as in npm test.
PATH="${PWD}/node_modules/bats/bin:${PATH}"

[[ $(id -u) -eq 0 ]] || fail "needs root (debootstrap, chroot, mount): run it as root, as CI does"
# The Debian packages that provide the tools; installed here when missing (a fresh CI machine), as root.
declare -A package_of=([debootstrap]=debootstrap [dpkg-deb]=dpkg [dpkg-query]=dpkg [apt-ftparchive]=apt-utils [gpg]=gpg
  [gpgconf]=gpgconf [openssl]=openssl [unshare]=util-linux [chroot]=coreutils [mount]=mount [tar]=tar [gzip]=gzip
  [sha256sum]=coreutils [bats]=bats [shellcheck]=shellcheck)
missing=()
for tool in "${!package_of[@]}"; do command -v "${tool}" >/dev/null || missing+=("${package_of[${tool}]}"); done
if ((${#missing[@]} > 0)); then
  command -v apt-get >/dev/null || fail "missing ${missing[*]} and no apt-get to install them with"
  echo "debian-root: installing ${missing[*]} (apt-get)" >&2
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null ||
    fail "could not install ${missing[*]} with apt-get"
fi
command -v node >/dev/null || fail "node is not on PATH (the CLI renders the script; the stand-in kubeadm runs on it)"
unshare --mount --pid --fork -- true 2>/dev/null ||
  fail "cannot create mount and pid namespaces here (unshare --mount --pid): a container needs CAP_SYS_ADMIN for this test"
grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null || fail "the kernel has no overlayfs (each node is an overlay on the cached root)"
[[ -f node_modules/yaml/package.json ]] || fail "node_modules/yaml is missing: run npm ci first"
if [[ ! -f build/ack-hybrid.js ]]; then npm run --silent build; fi
# This test's own shell, checked like the rendered scripts.
shellcheck test/stress/debian-root/run.sh test/stress/debian-root/lib/*.sh test/stress/debian-root/fakes/* \
  test/stress/debian-root/standins/{kubeadm,kubelet,kubectl,crictl,containerd,version-tool,cni-plugin}
shellcheck --shell=bash test/stress/debian-root/helpers.bash

started=${SECONDS}
DEBIAN_ROOT_TARBALL=$(bash test/stress/debian-root/lib/root.sh)
export DEBIAN_ROOT_TARBALL
echo "debian-root: root ready in $((SECONDS - started)) s" >&2
bats "$@" test/stress/debian-root/debian-root.bats
echo "debian-root: done in $((SECONDS - started)) s" >&2
