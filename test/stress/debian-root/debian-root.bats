#!/usr/bin/env bats
# The deb-family node-init script, run for real on a Debian 12 root: real bash, apt, dpkg and Debian
# packages; stand-in Kubernetes and containerd.io packages from signed repositories on 127.0.0.1; fake
# systemd, kernel modules, sysctls and the network part of kubeadm join. Run it with run.sh (needs root).
# The first two tests share one node (the second run is run on the node the first one joined).

load helpers

setup_file() {
  start_repositories
  export JOINED_NODE=${BATS_FILE_TMPDIR}/joined-node
}

teardown() {
  remove_node "${BATS_TEST_TMPDIR}/node"
}

teardown_file() {
  stop_repositories
  remove_node "${JOINED_NODE:-}"
}

@test "GIVEN a bare Debian node (12 unless DEBIAN_ROOT_SUITE says otherwise) WHEN the script runs THEN it joins with a JoinConfiguration file, on pinned, held packages from the pinned-key repositories" {
  new_node "${JOINED_NODE}"

  run_script "${JOINED_NODE}"

  [[ ${status} -eq 0 ]] || fail_with "the script failed (exit ${status})"
  # Packages: the configured versions, not the newest in the repository; the stand-ins' Debian
  # dependencies and the tools kubeadm's preflight needs, real Debian packages.
  local package expected version
  for package in kubelet:${KUBERNETES_VERSION}-1.1 kubeadm:${KUBERNETES_VERSION}-1.1 kubectl:${KUBERNETES_VERSION}-1.1 \
    containerd.io:${CONTAINERD_VERSION}-1 cri-tools:${CRI_TOOLS_VERSION}-1.1; do
    expected=${package#*:}
    version=$(package_version "${JOINED_NODE}" "${package%%:*}")
    [[ ${version} == "${expected}" ]] || fail_with "${package%%:*}: installed '${version}', expected ${expected}"
  done
  for package in conntrack iptables iproute2 curl gpg; do
    [[ -n $(package_version "${JOINED_NODE}" "${package}") ]] || fail_with "${package} is not installed"
  done
  run in_root "${JOINED_NODE}" apt-mark showhold
  for package in kubelet kubeadm kubectl containerd.io cri-tools; do
    grep -qx "${package}" <<<"${output}" || fail_with "${package} is not held (apt-mark showhold: ${output//$'\n'/ })"
  done

  # The repositories: keys fetched from the mirror (over TLS to 127.0.0.1) and packages downloaded from it.
  grep -q "^200 GET /kubernetes/v${KUBERNETES_MINOR}/deb/Release.key" "${WORK}/requests.log" || fail_with "Release.key was never fetched"
  grep -q "^200 GET /kubernetes/v${KUBERNETES_MINOR}/deb/./kubelet_${KUBERNETES_VERSION}-1.1_" "${WORK}/requests.log" ||
    grep -q "^200 GET /kubernetes/v${KUBERNETES_MINOR}/deb/kubelet_${KUBERNETES_VERSION}-1.1_" "${WORK}/requests.log" || fail_with "kubelet was not downloaded from the mirror"
  grep -q "^200 GET /docker/linux/debian/pool/stable/.*/containerd.io_${CONTAINERD_VERSION}-1_" "${WORK}/requests.log" || fail_with "containerd.io was not downloaded from the mirror"

  # Node files.
  local root=${JOINED_NODE}
  # containerd 2.3 reads config version 4 (version/version.go at v2.3.0): a 3 would be migrated on every start.
  grep -qE "^version = 4" "${root}/etc/containerd/config.toml" || fail_with "config.toml is not a containerd 2.3 (version 4) config"
  [[ $(cat "${root}/run/standin/containerd/config-version" 2>/dev/null) == 4 ]] || fail_with "containerd did not start with config version 4"
  grep -q "SystemdCgroup = true" "${root}/etc/containerd/config.toml" || fail_with "config.toml lacks SystemdCgroup = true"
  refute_grep -E '^[[:space:]]*disabled_plugins.*cri' "${root}/etc/containerd/config.toml"
  grep -rqx "br_netfilter" "${root}/etc/modules-load.d/" || fail_with "br_netfilter is not loaded at boot"
  [[ $(cat "${root}/run/standin/kernel/sysctl/net.ipv4.ip_forward" 2>/dev/null) == 1 ]] || fail_with "net.ipv4.ip_forward was not set to 1"
  [[ -f ${root}/run/standin/systemd/active/containerd.service && -f ${root}/run/standin/systemd/enabled/containerd.service ]] ||
    fail_with "containerd is not enabled and running"
  [[ -f ${root}/run/standin/systemd/enabled/kubelet.service ]] || fail_with "kubelet is not enabled"

  # The join: one kubeadm join, by file; the provider ID, labels, taints and node name in the configuration.
  [[ -f ${root}/etc/kubernetes/kubelet.conf ]] || fail_with "no /etc/kubernetes/kubelet.conf: the node did not join"
  [[ ! -e ${root}/etc/kubernetes/bootstrap-kubelet.conf ]] || fail_with "bootstrap-kubelet.conf was left"
  [[ $(kubeadm_calls "${root}" join) -eq 1 ]] || fail_with "kubeadm join ran $(kubeadm_calls "${root}" join) times"
  grep -q '^\["kubeadm","join","--config",' "${root}/var/log/standin/kubeadm.argv" || fail_with "kubeadm join was not given --config first: $(cat "${root}/var/log/standin/kubeadm.argv")"
  run env TOKEN="${TOKEN}" API_SERVER_ENDPOINT="${API_SERVER_ENDPOINT}" CA_HASH="${CA_HASH}" NODE_NAME="${NODE_NAME}" \
    PROVIDER_ID="${PROVIDER_ID}" LABELS="${LABELS}" TAINTS="${TAINTS}" KUBERNETES_VERSION="${KUBERNETES_VERSION}" \
    node "${HERE}/lib/check-join-config.js" "${root}"
  [[ ${status} -eq 0 ]] || fail_with "the JoinConfiguration is wrong: ${output}"

  # The configuration file was private and its folder is gone.
  [[ $(cat "${root}/var/log/standin/join-config.mode") == "600 700" ]] ||
    fail_with "JoinConfiguration file/folder modes: $(cat "${root}/var/log/standin/join-config.mode") (expected 600 700)"
  local config_path
  config_path=$(sed -n 's/^\["kubeadm","join","--config","\([^"]*\)".*/\1/p' "${root}/var/log/standin/kubeadm.argv")
  [[ -n ${config_path} && ! -e ${root}${config_path} && ! -e ${root}$(dirname "${config_path}") ]] ||
    fail_with "the temp folder of ${config_path} was not removed"

  # The token: on no command line while kubeadm ran, not in kubeadm's environment, in no call log, in no file
  # the script wrote or left (the overlay's upper layer holds every file it changed), in no log line.
  [[ ! -e ${root}/var/log/standin/token-on-command-line ]] || fail_with "the token was on a command line: $(cat "${root}/var/log/standin/token-on-command-line")"
  [[ ! -e ${root}/var/log/standin/token-in-environment ]] || fail_with "kubeadm inherited the token in its environment: $(cat "${root}/var/log/standin/token-in-environment")"
  refute_grep -F "${TOKEN}" "${root}/var/log/standin/kubeadm.argv" "${root}/var/log/standin/calls.log"
  refute_grep -rlF --exclude-dir=standin "${TOKEN}" "${root}.upper"
  refute_grep -F "${TOKEN}" "${BATS_TEST_TMPDIR}/script-runs.log"
}

@test "GIVEN the node the first test joined WHEN the script runs again without a token THEN it changes nothing and does not rejoin" {
  [[ -f ${JOINED_NODE}/etc/kubernetes/kubelet.conf ]] || fail_with "needs the node the first test joins, and that test failed"
  local before_status before_kubelet_conf
  before_status=$(sha256sum <"${JOINED_NODE}/var/lib/dpkg/status")
  before_kubelet_conf=$(sha256sum <"${JOINED_NODE}/etc/kubernetes/kubelet.conf")

  run_script "${JOINED_NODE}" --no-token

  [[ ${status} -eq 0 ]] || fail_with "the second run failed (exit ${status})"
  [[ $(kubeadm_calls "${JOINED_NODE}" join) -eq 1 ]] || fail_with "kubeadm join ran again"
  [[ $(kubeadm_calls "${JOINED_NODE}" reset) -eq 0 ]] || fail_with "kubeadm reset ran on a joined node"
  [[ $(sha256sum <"${JOINED_NODE}/var/lib/dpkg/status") == "${before_status}" ]] || fail_with "the second run changed installed packages"
  [[ $(sha256sum <"${JOINED_NODE}/etc/kubernetes/kubelet.conf") == "${before_kubelet_conf}" ]] || fail_with "kubelet.conf changed"
  run in_root "${JOINED_NODE}" apt-mark showhold
  [[ $(grep -cxE 'kubelet|kubeadm|kubectl|containerd.io' <<<"${output}") -eq 4 ]] || fail_with "holds lost: ${output}"
}

# half_joined_case MARKER: a first run whose join stops midway as MARKER tells the stand-in kubeadm (it
# prints what it left), then a re-run that must reset and join.
half_joined_case() {
  local root=${BATS_TEST_TMPDIR}/node
  new_node "${root}"
  touch "${root}/etc/standin/$1"
  run_script "${root}"
  [[ ${status} -ne 0 ]] || fail_with "the first run should have failed: the stand-in kubeadm was told to stop midway ($1)"
  [[ -f ${root}/etc/kubernetes/pki/ca.crt && ! -e ${root}/etc/kubernetes/kubelet.conf ]] ||
    fail_with "the failed join did not leave the half-joined state this test is about"
  rm "${root}/etc/standin/$1"

  run_script "${root}"

  [[ ${status} -eq 0 ]] || fail_with "the re-run failed (exit ${status})"
  [[ -f ${root}/etc/kubernetes/kubelet.conf ]] || fail_with "the re-run did not join"
  [[ $(kubeadm_calls "${root}" reset) -eq 1 ]] || fail_with "kubeadm reset ran $(kubeadm_calls "${root}" reset) times (expected once)"
  grep -qx 'unix:///run/containerd/containerd.sock\|unix:///var/run/containerd/containerd.sock' "${root}/var/log/standin/resets" ||
    fail_with "kubeadm reset was not given containerd's CRI socket: $(cat "${root}/var/log/standin/resets")"
  # join (failed), reset, join: in that order.
  [[ $(grep -oE '^\["kubeadm","(join|reset)"' "${root}/var/log/standin/kubeadm.argv" | tr -d '["' | tr '\n' ' ') == "kubeadm,join kubeadm,reset kubeadm,join " ]] ||
    fail_with "kubeadm calls: $(cat "${root}/var/log/standin/kubeadm.argv")"
  refute_grep -F "${TOKEN}" "${root}/var/log/standin/kubeadm.argv"
  [[ ! -e ${root}/var/log/standin/token-on-command-line ]] || fail_with "the token was on a command line"
}

@test "GIVEN a join that failed midway (kubeadm removed bootstrap-kubelet.conf, the CA stays) WHEN the script runs again THEN it resets with the containerd socket and joins" {
  half_joined_case fail-join-midway
}

@test "GIVEN a join killed midway (CA and bootstrap-kubelet.conf stay) WHEN the script runs again THEN it resets with the containerd socket and joins" {
  half_joined_case kill-join-midway
}

@test "GIVEN a private mirror whose key is not the one the cluster file pins WHEN the script runs THEN it stops before adding a repository or installing Kubernetes or containerd" {
  local root=${BATS_TEST_TMPDIR}/node
  new_node "${root}" "${DEFAULT_KEY_SCRIPT}"
  local requests_before
  requests_before=$(wc -l <"${WORK}/requests.log")

  run_script "${root}"

  [[ ${status} -ne 0 ]] || fail_with "the script trusted a key whose fingerprint is not pkgs.k8s.io's"
  grep -q "$(cat "${WORK}/repo/kubernetes.fpr")" <<<"${output}" || fail_with "the message does not name the fingerprint it found"
  grep -q "nodeInit.kubernetesRepositoryKeyFingerprint" <<<"${output}" || fail_with "the message does not name the setting to use"
  local file
  for file in etc/apt/sources.list.d/kubernetes.list etc/apt/sources.list.d/docker.list etc/apt/keyrings/kubernetes.gpg \
    etc/apt/keyrings/docker.gpg etc/containerd/config.toml etc/kubernetes run/standin/kernel run/standin/systemd; do
    [[ ! -e ${root}/${file} ]] || fail_with "/${file} exists: the node was changed before the key check"
  done
  local package
  for package in kubelet kubeadm kubectl cri-tools containerd.io; do
    [[ -z $(package_version "${root}" "${package}") ]] || fail_with "${package} was installed"
  done
  tail -n "+$((requests_before + 1))" "${WORK}/requests.log" >"${BATS_TEST_TMPDIR}/requests.log"
  grep -q "^200 GET /kubernetes/v${KUBERNETES_MINOR}/deb/Release.key" "${BATS_TEST_TMPDIR}/requests.log" || fail_with "the key was never fetched"
  refute_grep -E '\.deb$|InRelease$' "${BATS_TEST_TMPDIR}/requests.log"
}
