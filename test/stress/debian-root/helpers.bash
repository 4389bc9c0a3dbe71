# Shared by debian-root.bats: the versions, the repositories on 127.0.0.1, a fresh Debian root per node, and
# a way to run a command inside it (chroot in private mount and pid namespaces, so nothing stays mounted).

HERE=$(cd "${BATS_TEST_DIRNAME}" && pwd)
REPO_ROOT=$(cd "${HERE}/../../.." && pwd)
readonly HERE REPO_ROOT

# --- The node's versions, in one place -----------------------------------------------------------------
# A current Kubernetes with containerd 2.x, a pair src/config/versions.ts accepts (1.36: containerd >= 2.3.0
# or >= 2.2.0). Each repository also holds an older and a newer patch, so a script that does not pin the
# version (or picks the newest) installs the wrong one and fails the version checks.
readonly SUITE=${DEBIAN_ROOT_SUITE:-bookworm}
readonly KUBERNETES_MINOR=1.36
readonly KUBERNETES_VERSION=1.36.1
readonly KUBERNETES_PUBLISHED="1.36.0 1.36.1 1.36.2"
readonly CRI_TOOLS_VERSION=1.36.0
readonly CNI_VERSION=1.7.1
readonly CONTAINERD_VERSION=2.3.2
readonly CONTAINERD_PUBLISHED="2.3.1 2.3.2 2.3.3"

# Obviously fake, test-only values; the token is grepped for everywhere a secret must not be.
readonly TOKEN=q7w3x9.k2m5n8p4r6t1v0z3
readonly CA_HASH=sha256:7c1a2f0e9d8b3c4a5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5
readonly API_SERVER_ENDPOINT=192.168.0.10:6443
readonly NODE_NAME=cn-hangzhou.10.10.24.7
readonly PROVIDER_ID=cn-hangzhou.i-bp1testnode000000000
readonly LABELS=alibabacloud.com/external=true,workload=batch
readonly TAINTS=dedicated=batch:NoSchedule
readonly NODE_PATH_ENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# --- Once per file: repositories, TLS, server, rendered script --------------------------------------------
start_repositories() {
  : "${DEBIAN_ROOT_TARBALL:?run this file through test/stress/debian-root/run.sh (it makes or finds the root)}"
  export WORK=${BATS_FILE_TMPDIR}
  # Extracted once; each node is an overlay on it (extracting 300 MB per node took 25 s on a loaded machine).
  export PRISTINE=${WORK}/pristine
  mkdir -p "${PRISTINE}"
  tar -C "${PRISTINE}" -xzf "${DEBIAN_ROOT_TARBALL}"
  bash "${HERE}/lib/repo.sh" "${WORK}/repo" "${KUBERNETES_MINOR}" "${KUBERNETES_PUBLISHED}" "${CRI_TOOLS_VERSION}" \
    "${CNI_VERSION}" "${CONTAINERD_PUBLISHED}" "${SUITE}"
  make_tls "${WORK}/tls"
  : >"${WORK}/requests.log"
  # fd 3 closed: bats waits for it otherwise.
  node "${HERE}/lib/serve.mjs" "${WORK}/repo/www" "${WORK}/tls/server.key" "${WORK}/tls/server.crt" \
    "${WORK}/port" "${WORK}/requests.log" >"${WORK}/server.log" 2>&1 3>&- &
  echo $! >"${WORK}/server.pid"
  local tries=0
  until [[ -s ${WORK}/port ]]; do
    ((++tries < 100)) || { cat "${WORK}/server.log"; echo "the repository server did not start" >&2; return 1; }
    sleep 0.1
  done
  export PORT
  PORT=$(cat "${WORK}/port")
  mkdir -p "${WORK}/clusters"
  sed -e "s/@PORT@/${PORT}/g" -e "s/@KUBERNETES_VERSION@/${KUBERNETES_VERSION}/" -e "s/@CONTAINERD_VERSION@/${CONTAINERD_VERSION}/" \
    -e "s/@KUBERNETES_FPR@/$(cat "${WORK}/repo/kubernetes.fpr")/" -e "s/@DOCKER_FPR@/$(cat "${WORK}/repo/docker.fpr")/" \
    "${HERE}/cluster.yaml.in" >"${WORK}/clusters/debian-root.yaml"
  # The same node without the private-mirror key setting: the script expects pkgs.k8s.io's own key.
  sed -e 's/^name: debian-root$/name: debian-root-default-key/' -e 's/^clusterId: c0a1b2c3d4e5f60718293a4b5c6d7e8f9$/clusterId: c0a1b2c3d4e5f60718293a4b5c6d7e800/' -e 's#/debian-root/init-node-ecs.sh#/debian-root-default-key/init-node-ecs.sh#' -e '/kubernetesRepositoryKeyFingerprint/d' \
    "${WORK}/clusters/debian-root.yaml" >"${WORK}/clusters/debian-root-default-key.yaml"
  node "${REPO_ROOT}/build/ack-hybrid.js" synth --clusters "${WORK}/clusters" --out "${WORK}/dist" >/dev/null
  export SCRIPT=${WORK}/dist/debian-root/init-node-ecs.sh DEFAULT_KEY_SCRIPT=${WORK}/dist/debian-root-default-key/init-node-ecs.sh
  # Mutation runs (README.md, "Can it fail?"): a sed program applied to the rendered scripts.
  if [[ -n ${DEBIAN_ROOT_SCRIPT_SED:-} ]]; then
    sed -i -e "${DEBIAN_ROOT_SCRIPT_SED}" "${SCRIPT}" "${DEFAULT_KEY_SCRIPT}"
    echo "# debian-root: MUTATED scripts (DEBIAN_ROOT_SCRIPT_SED=${DEBIAN_ROOT_SCRIPT_SED})" >&3
  fi
  [[ -s ${SCRIPT} && -s ${DEFAULT_KEY_SCRIPT} ]]
}

stop_repositories() {
  if [[ -s ${WORK}/server.pid ]]; then kill "$(cat "${WORK}/server.pid")" 2>/dev/null || true; fi
}

# A throwaway CA and a certificate for 127.0.0.1 that it signs: the private mirror's TLS.
make_tls() {
  mkdir -p "$1"
  (
    cd "$1" || exit 1
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=ack-hybrid debian-root test CA' -keyout ca.key -out ca.crt \
      -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj '/CN=127.0.0.1' -keyout server.key -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.crt 2>/dev/null
  )
}

# --- Nodes ---------------------------------------------------------------------------------------------
# new_node DIR [SCRIPT]: a fresh Debian root, an overlay on the extracted tarball (what the node changes is in
# DIR.upper), made ready as an ECS node image would be: it trusts the mirror's CA; systemd, kmod and procps
# are the fakes; the control plane is described for kubeadm.
new_node() {
  local root=$1
  remove_node "${root}"
  mkdir -p "${root}" "${root}.upper" "${root}.work"
  mount -t overlay overlay -o "lowerdir=${PRISTINE},upperdir=${root}.upper,workdir=${root}.work" "${root}"
  install -D -m 644 "${WORK}/tls/ca.crt" "${root}/usr/local/share/ca-certificates/ack-hybrid-test-ca.crt"
  install -m 755 "${HERE}/fakes/systemctl" "${HERE}/fakes/modprobe" "${HERE}/fakes/sysctl" "${root}/usr/local/sbin/"
  # No fsync per unpacked file, as in Debian's container images: the same packages, without the test waiting on
  # a shared disk. It changes how dpkg writes, not what it installs.
  echo force-unsafe-io >"${root}/etc/dpkg/dpkg.cfg.d/ack-hybrid-test-unsafe-io"
  mkdir -p "${root}/etc/standin"
  printf '{"apiServerEndpoint": "%s", "token": "%s", "caCertHash": "%s"}\n' "${API_SERVER_ENDPOINT}" "${TOKEN}" "${CA_HASH}" \
    >"${root}/etc/standin/control-plane.json"
  chmod 600 "${root}/etc/standin/control-plane.json"
  install -m 755 "${2:-${SCRIPT}}" "${root}/root/init-node-ecs.sh"
  in_root "${root}" update-ca-certificates >"${root}/var/log/update-ca-certificates.log" 2>&1
}

# Unmounts the node's overlay, then removes its layers. rm never follows a mount into this machine (there
# should be none: in_root's mounts die with its namespace; a left overlay holds only test files).
remove_node() {
  local dir
  [[ -n $1 ]] || return 0
  if mountpoint -q "$1"; then umount "$1"; fi
  for dir in "$1" "$1.upper" "$1.work"; do
    if [[ -d ${dir} ]]; then rm -rf --one-file-system "${dir}"; fi
  done
}

# in_root DIR COMMAND...: COMMAND in the root with a clean environment (NAME=value words before it are
# passed to env). /proc is the namespace's own; the stand-in kubeadm's node and yaml are mounted read-only.
in_root() {
  local root=$1
  shift
  # shellcheck disable=SC2016 # expanded by the inner bash
  unshare --mount --pid --fork --kill-child -- bash -c '
    set -e
    root=$1 node=$2 kubeadm_js=$3 yaml=$4
    shift 4
    mount -t proc proc "${root}/proc"
    # A pty for apt'"'"'s terminal log, as on a booted node (else "E: Can not write log (Is /dev/pts mounted?)").
    mkdir -p "${root}/dev/pts"
    mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "${root}/dev/pts"
    mkdir -p "${root}/opt/standin/node_modules/yaml"
    touch "${root}/opt/standin/node" "${root}/opt/standin/kubeadm.js"
    mount --bind -o ro "${node}" "${root}/opt/standin/node"
    mount --bind -o ro "${kubeadm_js}" "${root}/opt/standin/kubeadm.js"
    mount --bind -o ro "${yaml}" "${root}/opt/standin/node_modules/yaml"
    exec chroot "${root}" /usr/bin/env -i "$@"
  ' _ "${root}" "$(readlink -f "$(command -v node)")" "${HERE}/standins/kubeadm.js" "${REPO_ROOT}/node_modules/yaml" \
    "${NODE_PATH_ENV}" HOME=/root LANG=C.UTF-8 "$@"
}

# The ALIBABA_CLOUD_* values ACK One sets, and the token (omitted with `run_script DIR --no-token`).
run_script() {
  local root=$1 token=(KUBEADM_JOIN_TOKEN="${TOKEN}")
  if [[ ${2:-} == --no-token ]]; then token=(); fi
  run in_root "${root}" ALIBABA_CLOUD_PROVIDER_ID="${PROVIDER_ID}" ALIBABA_CLOUD_NODE_NAME="${NODE_NAME}" \
    ALIBABA_CLOUD_LABELS="${LABELS}" ALIBABA_CLOUD_TAINTS="${TAINTS}" "${token[@]}" bash /root/init-node-ecs.sh
  # Kept for the reader of a failure: bats prints $output only for the failing command.
  # shellcheck disable=SC2154 # set by bats' run
  printf '%s\n' "${output}" >>"${BATS_TEST_TMPDIR}/script-runs.log"
}

# --- Assertions ------------------------------------------------------------------------------------------
fail_with() {
  echo "$*" >&2
  echo "--- last script output ---" >&2
  printf '%s\n' "${output:-}" | tail -n 60 >&2
  return 1
}

# package_version DIR PACKAGE: the installed version, empty when not installed ("ii", or "hi" when held).
package_version() {
  # shellcheck disable=SC2016 # dpkg-query's format, not the shell's
  in_root "$1" dpkg-query -W -f='${db:Status-Abbrev}${Version}' "$2" 2>/dev/null | sed -n 's/^[ih]i *//p'
}

# The lines of the stand-in kubeadm's argv log (JSON arrays) that are `kubeadm <word>`.
kubeadm_calls() {
  grep -c "^\[\"kubeadm\",\"$2\"" "$1/var/log/standin/kubeadm.argv" 2>/dev/null || true
}

# Fails (with what matched) when grep finds the pattern: `! grep` would not fail a bats test.
refute_grep() {
  local found
  if found=$(grep "$@"); then
    echo "unexpected match for grep $*:" >&2
    echo "${found}" >&2
    return 1
  fi
}
