#!/usr/bin/env bash
# Builds the stand-in packages and two signed apt repositories with the layouts the node-init script expects:
#   OUT/www/kubernetes/v<minor>/deb/       pkgs.k8s.io's flat repository ("deb URL /", Release.key)
#   OUT/www/docker/linux/debian/           Docker's ("deb URL bookworm stable", gpg)
# each signed by its own throwaway key made here (OUT/gnupg), fingerprints in OUT/kubernetes.fpr and OUT/docker.fpr.
#
# usage: repo.sh OUT KUBERNETES_MINOR "K8S_VERSIONS" CRI_TOOLS_VERSION CNI_VERSION "CONTAINERD_VERSIONS" SUITE
#
# The stand-ins copy the metadata of today's upstream packages (names, Depends, Provides/Conflicts, the files
# and conffiles they ship); their binaries are the scripts in ../standins.
set -euo pipefail

readonly OUT=$1 MINOR=$2 K8S_VERSIONS=$3 CRI_TOOLS_VERSION=$4 CNI_VERSION=$5 CONTAINERD_VERSIONS=$6 SUITE=$7
HERE=$(cd "$(dirname "$0")/.." && pwd)
readonly HERE
ARCH=$(dpkg --print-architecture)
readonly ARCH
readonly BUILD=${OUT}/build
readonly KUBE_REPO=${OUT}/www/kubernetes/v${MINOR}/deb
readonly DOCKER_REPO=${OUT}/www/docker/linux/debian
mkdir -p "${BUILD}" "${KUBE_REPO}" "${DOCKER_REPO}/pool/stable/${ARCH}" "${DOCKER_REPO}/dists/${SUITE}/stable/binary-${ARCH}"

# pkg NAME VERSION "DEPENDS" "EXTRA CONTROL LINES" DEST_DIR; files come from the function stage_NAME.
pkg() {
  local name=$1 version=$2 depends=$3 extra=$4 dest=$5 tree=${BUILD}/${1}_${2}
  rm -rf "${tree}"
  mkdir -p "${tree}/DEBIAN"
  "stage_${name//./_}" "${tree}" "${version}"
  {
    echo "Package: ${name}"
    echo "Version: ${version}"
    echo "Architecture: ${ARCH}"
    echo "Maintainer: ack-hybrid test stand-in <noreply@example.invalid>"
    if [[ -n ${depends} ]]; then echo "Depends: ${depends}"; fi
    if [[ -n ${extra} ]]; then printf '%s\n' "${extra}"; fi
    echo "Description: stand-in for ${name} ${version} (ack-hybrid debian-root test)"
  } >"${tree}/DEBIAN/control"
  (cd "${tree}" && find . -path ./DEBIAN -prune -o -path './etc/*' -type f -print | sed 's|^\.||') >"${tree}/DEBIAN/conffiles"
  [[ -s ${tree}/DEBIAN/conffiles ]] || rm "${tree}/DEBIAN/conffiles"
  dpkg-deb --root-owner-group -Zgzip --build "${tree}" "${dest}/${name}_${version}_${ARCH}.deb" >/dev/null
}

# A stand-in binary: ../standins/NAME with @VERSION@ replaced.
binary() {
  local source=$1 target=$2 version=$3
  mkdir -p "$(dirname "${target}")"
  sed "s/@VERSION@/${version}/g" "${HERE}/standins/${source}" >"${target}"
  chmod 755 "${target}"
}

# --- Kubernetes (kubernetes/release cmd/krel/templates/latest/, commit f618b2a3, 2026-07-24) ---------------
# Versions as pkgs.k8s.io publishes them: <upstream>-1.1.
# kubelet.spec: /usr/bin/kubelet, kubelet.service, /etc/default/kubelet (%config(noreplace): a conffile),
# /var/lib/kubelet, /etc/kubernetes/manifests.
stage_kubelet() {
  binary kubelet "$1/usr/bin/kubelet" "${2%%-*}"
  mkdir -p "$1/lib/systemd/system" "$1/etc/default" "$1/var/lib/kubelet" "$1/etc/kubernetes/manifests"
  cp "${HERE}/standins/kubelet.service" "$1/lib/systemd/system/kubelet.service"
  echo 'KUBELET_EXTRA_ARGS=' >"$1/etc/default/kubelet"
  touch "$1/var/lib/kubelet/.kubelet-keep" "$1/etc/kubernetes/manifests/.kubelet-keep"
}
# kubeadm.spec: /usr/bin/kubeadm and the drop-in 10-kubeadm.conf (debbuild: /etc/sysconfig -> /etc/default).
stage_kubeadm() {
  binary kubeadm "$1/usr/bin/kubeadm" "${2%%-*}"
  mkdir -p "$1/lib/systemd/system/kubelet.service.d"
  cp "${HERE}/standins/10-kubeadm.conf" "$1/lib/systemd/system/kubelet.service.d/10-kubeadm.conf"
}
stage_kubectl() { binary kubectl "$1/usr/bin/kubectl" "${2%%-*}"; }
stage_cri-tools() { binary crictl "$1/usr/bin/crictl" "${2%%-*}"; }
stage_kubernetes-cni() {
  local plugin
  mkdir -p "$1/opt/cni/bin" "$1/etc/cni/net.d"
  for plugin in bridge host-local loopback portmap; do binary cni-plugin "$1/opt/cni/bin/${plugin}" "${2%%-*}"; done
  touch "$1/etc/cni/net.d/.kubernetes-cni-keep"
}

for version in ${K8S_VERSIONS}; do
  # kubelet.spec: Requires iptables >= 1.4.21, the metadata.yaml dependency kubernetes-cni >= 1.2.0 (kubelet
  # >= 1.28.0), mount (debbuild only), util-linux. No conntrack, iproute2 or ethtool since d2a7ae37
  # (2025-09-04, "kubelet.spec: Remove deps: conntrack*/iproute*/ethtool").
  pkg kubelet "${version}-1.1" "iptables (>= 1.4.21), kubernetes-cni (>= 1.2.0), mount, util-linux" "" "${KUBE_REPO}"
  # metadata.yaml: kubeadm ">= 1.32.0" has no dependencies (0ffd6e1f, 2026-04-24, "adjust kubeadm constraint
  # for >= 1.30"; bc7e6ab5 "Remove kubeadm >=1.32 dependency from crictl"); since ce9afc7d neither kubelet
  # nor kubectl (kubeadm >= 1.30). So cri-tools is in the repository but nothing pulls it in.
  pkg kubeadm "${version}-1.1" "" "" "${KUBE_REPO}"
  pkg kubectl "${version}-1.1" "" "" "${KUBE_REPO}"
done
pkg cri-tools "${CRI_TOOLS_VERSION}-1.1" "" "" "${KUBE_REPO}"
pkg kubernetes-cni "${CNI_VERSION}-1.1" "" "" "${KUBE_REPO}"

# --- containerd.io (docker/containerd-packaging debian/control and debian/rules, commit 2161c611) --------
# Provides/Conflicts/Replaces containerd, runc; Depends ${misc:Depends}, ${shlibs:Depends}: for its
# dynamically linked binaries (runc links libseccomp) that resolves to libc6 and libseccomp2. rules installs
# /usr/bin/*, /lib/systemd/system/containerd.service and /etc/containerd/config.toml from common/containerd.toml
# (disabled_plugins = ["cri"]: a conffile that turns the CRI off, which the script must replace).
stage_containerd_io() {
  local tool
  binary containerd "$1/usr/bin/containerd" "${2%%-*}"
  for tool in ctr runc containerd-shim-runc-v2; do binary version-tool "$1/usr/bin/${tool}" "${2%%-*}"; done
  mkdir -p "$1/lib/systemd/system" "$1/etc/containerd"
  cp "${HERE}/standins/containerd.service" "$1/lib/systemd/system/containerd.service"
  printf '# common/containerd.toml of docker/containerd-packaging\ndisabled_plugins = ["cri"]\n' >"$1/etc/containerd/config.toml"
}
for version in ${CONTAINERD_VERSIONS}; do
  pkg containerd.io "${version}-1" "libc6 (>= 2.34), libseccomp2 (>= 2.5.0)" \
    "$(printf 'Provides: containerd, runc\nConflicts: containerd, runc\nReplaces: containerd, runc')" "${DOCKER_REPO}/pool/stable/${ARCH}"
done

# --- Keys and indexes --------------------------------------------------------------------------------------
export GNUPGHOME=${OUT}/gnupg
mkdir -p "${GNUPGHOME}"
chmod 700 "${GNUPGHOME}"
make_key() { # uid -> fingerprint
  gpg --batch --quiet --pinentry-mode loopback --passphrase '' --quick-generate-key "$1" rsa3072 sign 1d
  gpg --batch --with-colons --list-keys "$1" | awk -F: '$1 == "fpr" { print $10; exit }'
}
sign() { # fingerprint release_file
  gpg --batch --quiet --yes --local-user "$1" --clearsign -o "$(dirname "$2")/InRelease" "$2"
  gpg --batch --quiet --yes --local-user "$1" -abs -o "$2.gpg" "$2"
}
KUBE_FPR=$(make_key "ack-hybrid test kubernetes repository <kubernetes@example.invalid>")
DOCKER_FPR=$(make_key "ack-hybrid test docker repository <docker@example.invalid>")
# Docker's key signs with a subkey (its primary 9DC8...CD88 is what users pin): so does this one, so a script
# that compared the signing subkey's fingerprint, or the last one gpg prints, fails.
gpg --batch --quiet --pinentry-mode loopback --passphrase '' --quick-add-key "${DOCKER_FPR}" rsa3072 sign 1d
DOCKER_SIGNER=$(gpg --batch --with-colons --list-keys "${DOCKER_FPR}" | awk -F: '$1 == "fpr" { f = $10 } END { print f }')
[[ ${DOCKER_SIGNER} != "${DOCKER_FPR}" ]] || { echo "repo.sh: no signing subkey" >&2; exit 1; }
echo "${KUBE_FPR}" >"${OUT}/kubernetes.fpr"
echo "${DOCKER_FPR}" >"${OUT}/docker.fpr"

(
  cd "${KUBE_REPO}"
  apt-ftparchive packages . >Packages 2>/dev/null
  gzip -9nk Packages
  apt-ftparchive release . >Release
  gpg --batch --armor --export "${KUBE_FPR}" >Release.key
)
sign "${KUBE_FPR}" "${KUBE_REPO}/Release"

(
  cd "${DOCKER_REPO}"
  apt-ftparchive packages pool/stable >"dists/${SUITE}/stable/binary-${ARCH}/Packages" 2>/dev/null
  gzip -9nk "dists/${SUITE}/stable/binary-${ARCH}/Packages"
  apt-ftparchive -o APT::FTPArchive::Release::Origin=Docker -o APT::FTPArchive::Release::Suite="${SUITE}" \
    -o APT::FTPArchive::Release::Codename="${SUITE}" -o APT::FTPArchive::Release::Components=stable \
    -o APT::FTPArchive::Release::Architectures="${ARCH}" release "dists/${SUITE}" >"${BUILD}/Release"
  mv "${BUILD}/Release" "dists/${SUITE}/Release"
  gpg --batch --armor --export "${DOCKER_FPR}" >"${BUILD}/docker.asc"
  mv "${BUILD}/docker.asc" gpg
)
# "!": sign with exactly this (sub)key.
sign "${DOCKER_SIGNER}!" "${DOCKER_REPO}/dists/${SUITE}/Release"
gpgconf --kill all 2>/dev/null || true
