#!/usr/bin/env bash
# Prints the path of a cached Debian root file system tarball, making it with debootstrap when missing.
#
# The root is a Debian `minbase` (Essential packages and apt) plus ca-certificates: the barest Debian 12 a
# node can be (no curl, no gpg, no iproute2, no systemd), so the script must install what it uses.
# ca-certificates is there because a node that trusts a private mirror's CA needs it (see README.md).
#
# Cache key: suite, variant, mirror, package lists and this file's code (comments aside), so a change to any
# of them makes a new root. Location: $DEBIAN_ROOT_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/ack-hybrid/debian-root.
set -euo pipefail

readonly SUITE=${DEBIAN_ROOT_SUITE:-bookworm}
readonly VARIANT=minbase
readonly INCLUDE=ca-certificates
# Downloaded (not installed) into the root's apt cache, only to spare each test run the download: Debian
# packages the stand-ins depend on (iptables, libseccomp2; see lib/repo.sh) and tools kubeadm's preflight
# checks for (kubernetes/kubernetes cmd/kubeadm/app/preflight/checks_linux.go addExecChecks: ip, iptables,
# mount, nsenter mandatory; ebtables, ethtool, socat, tc optional; conntrack below 1.32) and that the script
# installs when missing (curl, gnupg: family-deb.sh.ejs BASE_TOOL_PACKAGES). A package not listed here is still
# installed, from the mirror.
readonly PREFETCH="curl gpg gnupg iproute2 iptables conntrack ebtables ethtool socat libseccomp2"

# The mirror: $DEBIAN_MIRROR, else the first Debian archive URI in this machine's apt sources (deb822
# .sources or one-line .list), else deb.debian.org.
debian_mirror() {
  if [[ -n ${DEBIAN_MIRROR:-} ]]; then echo "${DEBIAN_MIRROR}"; return; fi
  local uri
  uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
    grep -v '^[[:space:]]*#' | grep -oE '(https?|ftp)://[^ ]+/debian/?( |$)' | grep -v security | head -n 1 | tr -d ' ') || true
  echo "${uri:-http://deb.debian.org/debian}"
}

work=""
main() {
  local mirror cache key tarball
  mirror=$(debian_mirror)
  mirror=${mirror%/}
  cache=${DEBIAN_ROOT_CACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/ack-hybrid/debian-root}
  key=$({ echo "${SUITE} ${VARIANT} ${mirror} ${INCLUDE} ${PREFETCH}"; grep -v '^[[:space:]]*#' "${BASH_SOURCE[0]}"; } | sha256sum | cut -c1-16)
  tarball=${cache}/${SUITE}-${VARIANT}-${key}.tar.gz
  if [[ -s ${tarball} ]]; then
    echo "debian-root: cached root ${tarball}" >&2
    echo "${tarball}"
    return
  fi

  command -v debootstrap >/dev/null || { echo "debian-root: debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
  mkdir -p "${cache}"
  work=$(mktemp -d "${cache}/build.XXXXXX")
  # --one-file-system: never follow a mount into the host, should one be left in the root.
  trap 'rm -rf --one-file-system "${work}"' EXIT
  echo "debian-root: debootstrap ${VARIANT} ${SUITE} from ${mirror} (about a minute)" >&2
  debootstrap --variant="${VARIANT}" --include="${INCLUDE}" "${SUITE}" "${work}/root" "${mirror}" >"${work}/debootstrap.log" 2>&1 ||
    { tail -n 30 "${work}/debootstrap.log" >&2; echo "debian-root: debootstrap failed (log above)" >&2; exit 1; }

  # The sources of a Debian 12 installation (main, updates, security), in the deb822 form Debian 12 writes.
  rm -f "${work}/root/etc/apt/sources.list"
  cat >"${work}/root/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: ${mirror}
Suites: ${SUITE} ${SUITE}-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror}-security
Suites: ${SUITE}-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  # A chroot has no running init: keep maintainer scripts from starting services (Debian's policy-rc.d).
  printf '#!/bin/sh\nexit 101\n' >"${work}/root/usr/sbin/policy-rc.d"
  chmod 755 "${work}/root/usr/sbin/policy-rc.d"
  # shellcheck disable=SC2016 # expanded by the inner bash
  unshare --mount --pid --fork -- bash -c '
    set -e
    mount -t proc proc "$1/proc"
    chroot "$1" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive bash -c "
      apt-get clean && apt-get update -q && apt-get install -y -q --download-only --no-install-recommends $2"
  ' _ "${work}/root" "${PREFETCH}" >"${work}/prefetch.log" 2>&1 ||
    { tail -n 30 "${work}/prefetch.log" >&2; echo "debian-root: apt-get update/download in the new root failed (log above)" >&2; exit 1; }

  tar -C "${work}/root" --numeric-owner -czf "${work}/root.tar.gz" .
  mv "${work}/root.tar.gz" "${tarball}"
  # Older roots (another key) are left for other branches; only build folders are removed.
  echo "debian-root: new root ${tarball}" >&2
  echo "${tarball}"
}

main "$@"
