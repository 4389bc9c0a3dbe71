# Shared by the node-init bats tests: a sandbox root, a bin folder of stubs, and a way to run a rendered script.
#
# The script runs with `env -i` and a PATH that holds only the stubs and a few harmless real tools, so a
# command the tests forgot to stub fails loudly instead of touching this machine.

REPO_ROOT=$(cd "${BATS_TEST_DIRNAME}/../.." && pwd)
readonly REPO_ROOT
# Obviously fake, test-only tokens.
readonly TOKEN=abcdef.0123456789abcdef
readonly OOS_TOKEN=oosoos.0123456789oososo
readonly CA_HASH=sha256:7c1a2f0e9d8b3c4a5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5

# What a fresh node image has: base system commands, the package managers, the aliyun CLI. Everything else
# (curl, gpg, containerd, kubeadm, crictl, conntrack, ip, iptables...) appears only when the script installs
# the package that provides it (stubs/packages.txt).
readonly STUBBED=(id uname swapon systemctl modprobe sysctl apt-get apt-mark dpkg dnf rpm aliyun sleep)
readonly REAL_TOOLS=(env bash cat date mkdir mktemp chmod mv rm cp dirname basename readlink grep stat ln)

# Renders the test clusters once per file, unless the driver (test/scripts/run.sh) already did.
render_scripts() {
  if [[ -z ${RENDERED_DIR:-} ]]; then
    RENDERED_DIR=${BATS_FILE_TMPDIR}/dist
    node "${REPO_ROOT}/build/ack-hybrid.js" synth --clusters "${REPO_ROOT}/test/scripts/clusters" --out "${RENDERED_DIR}" >/dev/null
  fi
  export RENDERED_DIR
}

# The test's own bin folder, which it may change (remove a stub, replace one): every stub and the few real
# tools; packages the script installs add their commands to it.
private_bin() {
  local command
  BIN=${BATS_TEST_TMPDIR}/bin
  rm -rf "${BIN}"
  mkdir -p "${BIN}"
  for command in "${STUBBED[@]}"; do ln -s "${REPO_ROOT}/test/scripts/stubs/stub" "${BIN}/${command}"; done
  for command in "${REAL_TOOLS[@]}"; do ln -s "$(command -v "${command}")" "${BIN}/${command}"; done
}

# A fresh node: sandbox root with /etc/os-release of $1, its own bin folder (packages install into it), env.
new_node() {
  NODE_ROOT=${BATS_TEST_TMPDIR}/root
  private_bin
  STUB_LOG=${BATS_TEST_TMPDIR}/calls.log
  rm -f "${STUB_LOG}".*
  rm -rf "${NODE_ROOT}"
  mkdir -p "${NODE_ROOT}/etc"
  : >"${STUB_LOG}"
  case "$1" in
    alinux3) printf 'NAME="Alibaba Cloud Linux"\nVERSION="3 (Soaring Falcon)"\nID="alinux"\nID_LIKE="rhel fedora centos anolis"\nVERSION_ID="3"\n' ;;
    rocky9) printf 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.4"\n' ;;
    alma9) printf 'NAME="AlmaLinux"\nID="almalinux"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.6"\n' ;;
    rocky8) printf 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="8.10"\n' ;;
    ubuntu2204) printf 'NAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\nID_LIKE=debian\nVERSION_CODENAME=jammy\n' ;;
    ubuntu2404) printf 'NAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\nID_LIKE=debian\nVERSION_CODENAME=noble\n' ;;
    ubuntu2604) printf 'NAME="Ubuntu"\nVERSION_ID="26.04"\nID=ubuntu\nID_LIKE=debian\nVERSION_CODENAME=resolute\n' ;;
    debian12) printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n' ;;
    debian13) printf 'PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nVERSION_ID="13"\nVERSION_CODENAME=trixie\nID=debian\n' ;;
    centos7) printf 'NAME="CentOS Linux"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="7"\n' ;;
    *) echo "unknown OS fixture $1" >&2; return 1 ;;
  esac >"${NODE_ROOT}/etc/os-release"
  NODE_ENV=(
    ALIBABA_CLOUD_PROVIDER_ID=cn-hangzhou.i-bp1testnode000000000
    ALIBABA_CLOUD_NODE_NAME=cn-hangzhou.10.10.24.7
    ALIBABA_CLOUD_LABELS=alibabacloud.com/external=true,workload=batch
    ALIBABA_CLOUD_TAINTS=dedicated=batch:NoSchedule
    KUBEADM_JOIN_TOKEN=${TOKEN}
  )
}

# Sets (or with an empty value, keeps but empties) one variable of NODE_ENV; `unset_env NAME` removes it.
set_env() {
  local name=${1%%=*} kept=() entry
  for entry in "${NODE_ENV[@]}"; do [[ ${entry%%=*} == "${name}" ]] || kept+=("${entry}"); done
  NODE_ENV=("${kept[@]}" "$1")
}
unset_env() {
  local kept=() entry
  for entry in "${NODE_ENV[@]}"; do [[ ${entry%%=*} == "$1" ]] || kept+=("${entry}"); done
  NODE_ENV=("${kept[@]}")
}

# Runs the script rendered for cluster $1 on the node; extra NAME=value arguments go into its environment.
run_script() {
  local cluster=$1
  shift
  run env -i PATH="${BIN}" HOME="${BATS_TEST_TMPDIR}" NODE_INIT_ROOT="${NODE_ROOT}" STUB_LOG="${STUB_LOG}" \
    "${NODE_ENV[@]}" "$@" "${BIN}/bash" "${RENDERED_DIR}/${cluster}/init-node-ecs.sh"
}

# Every file under the sandbox root with its content hash: equal before and after means nothing changed.
snapshot() {
  (cd "${NODE_ROOT}" && find . -print | LC_ALL=C sort && find . -type f -exec sha256sum {} + | LC_ALL=C sort)
}

# The stub calls that change a node; a refused run must have made none.
changing_calls() {
  grep -E '^(systemctl|modprobe|sysctl|containerd|crictl|kubeadm|dnf|apt-get|apt-mark|curl|gpg) ' "${STUB_LOG}" || true
}

# The JoinConfiguration kubeadm got (the stub copied it), and the kubelet patch beside it.
join_configuration() { cat "${STUB_LOG}.join-configuration"; }
kubelet_patch() { cat "${STUB_LOG}.kubelet-patch"; }

os_of() {
  case "$1" in
    deb) echo ubuntu2204 ;;
    *) echo alinux3 ;;
  esac
}

# Fails (with what matched) when grep finds the pattern. `! grep` would not: bats ignores `!` under set -e.
refute_grep() {
  local found
  if found=$(grep "$@"); then
    echo "unexpected match for grep $*:"
    echo "${found}"
    return 1
  fi
}
