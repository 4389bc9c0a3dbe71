#!/usr/bin/env bats
# The rendered init-node-ecs.sh, run for both OS families against stubbed commands and a sandbox root.
# Clusters: test/scripts/clusters/{rpm,deb,rpm-any-kernel}.yaml (rpm: Kubernetes 1.33, containerd 1.7, token
# from env; deb: 1.36, containerd 2.3, mirrors, token from OOS; rpm-any-kernel: 1.31, no kernel check).
# The stubs are honest about packages: a command exists only after the script installed its package.

load helpers

setup_file() {
  render_scripts
}

EXPECTED_JOIN_HEAD='apiVersion: kubeadm.k8s.io/v1beta4
kind: JoinConfiguration
discovery:
  bootstrapToken:
    apiServerEndpoint: "192.168.0.10:6443"'

# --- A fresh node ------------------------------------------------------------------------------------------

@test "rpm: a fresh node joins with kubeadm join --config; the JoinConfiguration holds token, CA hash, name, taints, labels" {
  new_node alinux3
  run_script rpm
  [ "$status" -eq 0 ]
  [ "$(grep '^kubeadm' "$STUB_LOG" | sed 's|--config .*/join-configuration.yaml|--config FILE|')" = "kubeadm join --config FILE" ]
  expected="${EXPECTED_JOIN_HEAD}
    token: \"${TOKEN}\"
    caCertHashes:
      - \"${CA_HASH}\"
nodeRegistration:
  name: \"cn-hangzhou.10.10.24.7\"
  criSocket: \"unix:///run/containerd/containerd.sock\"
  taints:
    - key: \"dedicated\"
      value: \"batch\"
      effect: \"NoSchedule\"
  kubeletExtraArgs:
    - name: node-labels
      value: \"alibabacloud.com/external=true,workload=batch\"
patches:
  directory: \"$(cat "${STUB_LOG}.join-dir")/patches\""
  [ "$(join_configuration)" = "$expected" ]
  [ "$(kubelet_patch)" = 'providerID: "cn-hangzhou.i-bp1testnode000000000"' ]
  [ "$(cat "${STUB_LOG}.join-mode")" = 600 ]
}

@test "both: the private folder with the JoinConfiguration is removed after success and after a failed join" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    run_script "$cluster"
    [ "$status" -eq 0 ]
    [ ! -e "$(cat "${STUB_LOG}.join-dir")" ]
    new_node "$(os_of "$cluster")"
    run_script "$cluster" STUB_KUBEADM_STOP_MIDWAY=1
    [ "$status" -ne 0 ]
    [ ! -e "$(cat "${STUB_LOG}.join-dir")" ]
  done
}

@test "deb: a fresh node joins with the token from OOS, read as exactly Parameter.Value (a JSON string or bare)" {
  for answer in "\"${OOS_TOKEN}\"" "${OOS_TOKEN}"; do
    new_node ubuntu2204
    unset_env KUBEADM_JOIN_TOKEN
    run_script deb STUB_OOS_ANSWER="$answer"
    [ "$status" -eq 0 ] || { echo "answer $answer: status $status"; return 1; }
    [ "$(grep '^aliyun' "$STUB_LOG")" = "aliyun oos GetSecretParameter --RegionId cn-hangzhou --Name ack-hybrid-deb-join-token --WithDecryption true --mode EcsRamRole --ram-role-name ack-hybrid-node --cli-query Parameter.Value" ]
    join_configuration | grep -qx "    token: \"${OOS_TOKEN}\""
  done
}

@test "deb: KUBEADM_JOIN_TOKEN overrides the OOS source, which is then not called" {
  new_node ubuntu2204
  run_script deb
  [ "$status" -eq 0 ]
  refute_grep '^aliyun' "$STUB_LOG"
  join_configuration | grep -qx "    token: \"${TOKEN}\""
}

@test "both: every step logs a line, in order, and the join comes last" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    run_script "$cluster"
    [ "$status" -eq 0 ]
    steps=$(grep -o '\[[a-z-]*\] begin' <<<"$output" | tr -d '[]' | cut -d' ' -f1 | paste -sd' ')
    [ "$steps" = "preflight base-tools repository-keys kernel-modules containerd-package containerd-config kubernetes-packages join" ]
    [ "$(tail -n 1 "$STUB_LOG" | cut -d' ' -f1-2)" = "kubeadm join" ]
  done
}

@test "both: empty taints and labels give an empty taint list and no kubeletExtraArgs" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    set_env ALIBABA_CLOUD_TAINTS=
    set_env ALIBABA_CLOUD_LABELS=
    run_script "$cluster"
    [ "$status" -eq 0 ]
    join_configuration | grep -qx '  taints: \[\]'
    refute_grep kubeletExtraArgs "${STUB_LOG}.join-configuration"
  done
}

@test "both: taints in key:Effect form and kubelet-allowed kubernetes.io labels are accepted" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    set_env ALIBABA_CLOUD_TAINTS=gpu:NoExecute,spot=true:PreferNoSchedule
    set_env ALIBABA_CLOUD_LABELS=node.kubernetes.io/pool=a,topology.kubernetes.io/zone=cn-hangzhou-h,example.com/team=
    run_script "$cluster"
    [ "$status" -eq 0 ]
    expected='  taints:
    - key: "gpu"
      value: ""
      effect: "NoExecute"
    - key: "spot"
      value: "true"
      effect: "PreferNoSchedule"'
    [[ "$(join_configuration)" == *"$expected"* ]]
  done
}

# --- Re-runs -----------------------------------------------------------------------------------------------

@test "both: a second run after a successful join changes nothing, needs no token and says how to change labels" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    run_script "$cluster"
    [ "$status" -eq 0 ]
    first=$(snapshot)
    : >"$STUB_LOG"
    unset_env KUBEADM_JOIN_TOKEN
    run_script "$cluster"
    [ "$status" -eq 0 ]
    [ "$(snapshot)" = "$first" ]
    [ -z "$(changing_calls)" ]
    refute_grep '^aliyun' "$STUB_LOG"
    [[ "$output" == *"already joined"*"change only with kubectl"* ]]
  done
}

@test "both: a join that stopped midway is reset for the containerd socket and joined again" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    run_script "$cluster" STUB_KUBEADM_STOP_MIDWAY=1
    [ "$status" -ne 0 ]
    [[ "$output" == *"[join] FAILED"* ]]
    [ -e "$NODE_ROOT/etc/kubernetes/pki/ca.crt" ]
    : >"$STUB_LOG"
    run_script "$cluster"
    [ "$status" -eq 0 ]
    [[ "$output" == *"a previous join stopped midway (/etc/kubernetes/pki/ca.crt, /etc/kubernetes/bootstrap-kubelet.conf present"* ]]
    [ "$(grep '^kubeadm' "$STUB_LOG" | sed 's| /[^ ]*/join-configuration.yaml$| FILE|')" = "$(printf 'kubeadm reset -f --cri-socket unix:///run/containerd/containerd.sock\nkubeadm join --config FILE')" ]
    [ -e "$NODE_ROOT/etc/kubernetes/kubelet.conf" ]
  done
}

@test "rpm: without the reset, kubeadm's preflight refuses a half-joined node (the stub is as strict as kubeadm)" {
  new_node alinux3
  mkdir -p "$NODE_ROOT/etc/kubernetes/pki"
  : >"$NODE_ROOT/etc/kubernetes/pki/ca.crt"
  ln -s "$REPO_ROOT/test/scripts/stubs/stub" "$BIN/kubeadm"
  run env -i PATH="$BIN" NODE_INIT_ROOT="$NODE_ROOT" STUB_LOG="$STUB_LOG" "$BIN/kubeadm" join --config /dev/null
  [ "$status" -eq 1 ]
  [[ "$output" == *"/etc/kubernetes/pki/ca.crt already exists"* ]]
}

# --- Refusals before any change ----------------------------------------------------------------------------

# Each case: a NAME=value for the environment (or "-NAME" to unset it), then a fragment of the expected message.
REFUSED=(
  'ALIBABA_CLOUD_LABELS=a=b;reboot' 'ALIBABA_CLOUD_LABELS=a=b\;reboot is refused'
  'ALIBABA_CLOUD_LABELS=a=$(reboot)' 'is refused: it may only hold letters'
  'ALIBABA_CLOUD_LABELS=a=`reboot`' 'is refused: it may only hold letters'
  'ALIBABA_CLOUD_LABELS=a=b@evil' 'is refused: it may only hold letters'
  'ALIBABA_CLOUD_LABELS=a=b&reboot' 'is refused: it may only hold letters'
  'ALIBABA_CLOUD_LABELS=a=b c' 'is refused: it may only hold letters'
  'ALIBABA_CLOUD_TAINTS=a=b:NoSchedule;reboot' 'ALIBABA_CLOUD_TAINTS=a=b:NoSchedule\;reboot is refused'
  'ALIBABA_CLOUD_NODE_NAME=node $(reboot)' 'ALIBABA_CLOUD_NODE_NAME=node\ \$\(reboot\) is refused'
  'ALIBABA_CLOUD_PROVIDER_ID=cn-hangzhou.i-bp1`id`' 'ALIBABA_CLOUD_PROVIDER_ID=cn-hangzhou.i-bp1\`id\` is refused'
  'ALIBABA_CLOUD_LABELS=node-role.kubernetes.io/worker=' 'kubelet refuses to set node-role.kubernetes.io/worker'
  'ALIBABA_CLOUD_LABELS=kubernetes.io/role=node' 'kubelet refuses to set kubernetes.io/role'
  'ALIBABA_CLOUD_LABELS=team.k8s.io/x=y' 'kubelet refuses to set team.k8s.io/x'
  'ALIBABA_CLOUD_LABELS=a=b,,c=d' 'has an empty item'
  'ALIBABA_CLOUD_LABELS=novalue' 'is not key=value'
  'ALIBABA_CLOUD_LABELS=-a=b' 'is not a label key'
  'ALIBABA_CLOUD_LABELS=a=-b' 'is not a label value'
  'ALIBABA_CLOUD_LABELS=Bad_Prefix.com/a=b' 'is not a label key'
  'ALIBABA_CLOUD_TAINTS=dedicated=batch' 'has no effect'
  'ALIBABA_CLOUD_TAINTS=dedicated=batch:Sometimes' 'is not NoSchedule, PreferNoSchedule or NoExecute'
  'ALIBABA_CLOUD_TAINTS==x:NoSchedule' 'is not a taint key'
  'ALIBABA_CLOUD_PROVIDER_ID=i-bp1testnode' 'is not <region>.<instance ID>'
  'ALIBABA_CLOUD_NODE_NAME=Node_1' 'is not a node name'
  '-ALIBABA_CLOUD_NODE_NAME' 'ALIBABA_CLOUD_NODE_NAME is not set'
  'ALIBABA_CLOUD_PROVIDER_ID=' 'ALIBABA_CLOUD_PROVIDER_ID is not set'
  'KUBEADM_JOIN_TOKEN=abcdef.0123456789ABCDEF' 'is not a kubeadm bootstrap token'
  'KUBEADM_JOIN_TOKEN=abcdef0123456789abcdef' 'is not a kubeadm bootstrap token'
)

# Runs the first $2 REFUSED cases (all by default) against cluster $1 and checks: exit 1, the message,
# nothing changed, no command that changes the node.
check_refusals() {
  local cluster=$1 count=${2:-${#REFUSED[@]}} i case expected before
  for ((i = 0; i < count * 2 && i < ${#REFUSED[@]}; i += 2)); do
    case=${REFUSED[i]} expected=${REFUSED[i + 1]}
    new_node "$(os_of "$cluster")"
    if [[ $case == -* ]]; then unset_env "${case#-}"; else set_env "$case"; fi
    before=$(snapshot)
    run_script "$cluster"
    if [[ $status -ne 1 || $output != *"$expected"* || $output != *"stopped: the node did not join"* ]]; then
      echo "case $case: status $status, expected message: $expected; output:"
      echo "$output"
      return 1
    fi
    [ "$(snapshot)" = "$before" ] || { echo "case $case changed the sandbox"; return 1; }
    [ -z "$(changing_calls)" ] || { echo "case $case called: $(changing_calls)"; return 1; }
  done
}

@test "rpm: each malicious or malformed variable is refused with a clear message before any change" {
  check_refusals rpm
}

# The checks are one shared partial; the deb script runs the injection cases and the kubelet-label rule.
@test "deb: injection attempts and kubelet-forbidden labels are refused with a clear message before any change" {
  check_refusals deb 12
}


@test "rpm: no KUBEADM_JOIN_TOKEN with the env source is refused before any change" {
  new_node alinux3
  unset_env KUBEADM_JOIN_TOKEN
  run_script rpm
  [ "$status" -eq 1 ]
  [[ "$output" == *"KUBEADM_JOIN_TOKEN is not set"* ]]
  [ -z "$(changing_calls)" ]
}

@test "deb: an OOS answer that is not exactly one token, or no answer, is refused before any change" {
  for answer in 'not-a-token' 'null' "\"${OOS_TOKEN}" "${OOS_TOKEN}\"" "[\"${OOS_TOKEN}\"]" "\"${OOS_TOKEN}\" \"${OOS_TOKEN}\"" "$(printf '"%s"\n"%s"' "$OOS_TOKEN" "$OOS_TOKEN")" "{\"Value\": \"${OOS_TOKEN}\"}" ''; do
    new_node ubuntu2204
    unset_env KUBEADM_JOIN_TOKEN
    run_script deb STUB_OOS_ANSWER="$answer"
    [ "$status" -eq 1 ] || { echo "answer $answer: status $status"; return 1; }
    [[ "$output" == *"did not give exactly one kubeadm bootstrap token"* ]]
    [[ "$output" != *"0123456789"* ]]
    [ -z "$(changing_calls)" ]
  done
  run_script deb STUB_FAIL=aliyun
  [ "$status" -eq 1 ]
  [[ "$output" == *"could not read OOS secret parameter ack-hybrid-deb-join-token in cn-hangzhou with RAM role ack-hybrid-node"*"KMS GetSecretValue"* ]]
  [ -z "$(changing_calls)" ]
}

# --- A token the cluster refuses (the rotating token moved on) --------------------------------------------
# The stubs are not kinder than the real commands: kubeadm refuses a token the cluster does not accept with its own
# words, after writing nothing (discovery) or ca.crt and bootstrap-kubelet.conf (TLS bootstrap), and then refuses
# to join over those files; the CLI gives whatever OOS holds at that call.

readonly NEW_TOKEN=newnew.0123456789newnew

@test "deb: a token that expired after it was read is read again from OOS after a wait, and the node joins with the new one" {
  new_node ubuntu2204
  unset_env KUBEADM_JOIN_TOKEN
  run_script deb STUB_OOS_ANSWERS="${OOS_TOKEN} ${NEW_TOKEN}" STUB_KUBEADM_ACCEPTS="${NEW_TOKEN}"
  [ "$status" -eq 0 ]
  [[ "$output" == *"could not find a JWS signature in the cluster-info ConfigMap"* ]]
  [[ "$output" == *"reading OOS parameter ack-hybrid-deb-join-token again in 30s (attempt 1 of 4)"* ]]
  [[ "$output" == *"done: node"* ]]
  [ "$(grep -c '^aliyun oos GetSecretParameter' "$STUB_LOG")" -eq 2 ]
  [ "$(grep -c '^kubeadm join' "$STUB_LOG")" -eq 2 ]
  grep -qx 'sleep 30' "$STUB_LOG"
  [ "$(cat "$STUB_LOG.join-token-ids")" = "$(printf 'oosoos\nnewnew')" ]
  join_configuration | grep -qx "    token: \"${NEW_TOKEN}\""
  [[ "$output" != *"0123456789oososo"* && "$output" != *"0123456789newnew"* ]]
}

@test "deb: a token refused during the TLS bootstrap: the files it left are reset before the next join" {
  new_node ubuntu2204
  unset_env KUBEADM_JOIN_TOKEN
  run_script deb STUB_OOS_ANSWERS="${OOS_TOKEN} ${NEW_TOKEN}" STUB_KUBEADM_ACCEPTS="${NEW_TOKEN}" STUB_KUBEADM_REFUSAL=tls-bootstrap
  [ "$status" -eq 0 ]
  [[ "$output" == *"Unauthorized"* ]]
  [[ "$output" == *"the refused join left files behind"* ]]
  # reset between the two joins, or the stub's preflight (kubeadm's FileAvailable checks) refuses the second.
  [ "$(grep -E '^kubeadm (join|reset)' "$STUB_LOG" | cut -d' ' -f2 | tr '\n' ' ')" = "join reset join " ]
  [ -f "$NODE_ROOT/etc/kubernetes/kubelet.conf" ]
}

@test "deb: a token OOS keeps giving and the cluster keeps refusing stops after 4 joins, with waits of 30s, 60s and 120s" {
  new_node ubuntu2204
  unset_env KUBEADM_JOIN_TOKEN
  run_script deb STUB_OOS_ANSWERS="${OOS_TOKEN}" STUB_KUBEADM_ACCEPTS="${NEW_TOKEN}"
  [ "$status" -eq 1 ]
  [[ "$output" == *"kubeadm join refused the join token 4 times (expired, deleted, or not yet signed into cluster-info), each read anew from OOS parameter ack-hybrid-deb-join-token (value not shown)"* ]]
  [[ "$output" == *"stopped: the node did not join"* ]]
  [ "$(grep -c '^kubeadm join' "$STUB_LOG")" -eq 4 ]
  [ "$(grep -c '^aliyun oos GetSecretParameter' "$STUB_LOG")" -eq 4 ]
  [ "$(grep '^sleep' "$STUB_LOG" | tr '\n' ' ')" = "sleep 30 sleep 60 sleep 120 " ]
  [[ "$output" != *"0123456789oososo"* ]]
  refute_grep 0123456789oososo "$STUB_LOG"
}

@test "rpm: a refused token from KUBEADM_JOIN_TOKEN is not retried: there is nothing to read again" {
  new_node alinux3
  run_script rpm STUB_KUBEADM_ACCEPTS="${NEW_TOKEN}"
  [ "$status" -eq 1 ]
  [[ "$output" == *"kubeadm join refused the join token from KUBEADM_JOIN_TOKEN"*"give a valid token"* ]]
  [ "$(grep -c '^kubeadm join' "$STUB_LOG")" -eq 1 ]
  refute_grep -E '^(sleep|aliyun)' "$STUB_LOG"
  [[ "$output" != *"0123456789abcdef"* ]]
}

@test "deb: a join that fails for another reason is not retried" {
  new_node ubuntu2204
  unset_env KUBEADM_JOIN_TOKEN
  run_script deb STUB_OOS_ANSWER="\"${OOS_TOKEN}\"" STUB_KUBEADM_STOP_MIDWAY=1
  [ "$status" -eq 1 ]
  [[ "$output" == *"FAILED (kubeadm join, exit 1)"* ]]
  [ "$(grep -c '^kubeadm join' "$STUB_LOG")" -eq 1 ]
  refute_grep '^sleep' "$STUB_LOG"
}

@test "both: kernel 3.10 (CentOS 7) is refused before any change" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    before=$(snapshot)
    run_script "$cluster" STUB_KERNEL=3.10.0-1160.el7.x86_64
    [ "$status" -eq 1 ]
    [[ "$output" == *"kernel 3.10.0-1160.el7.x86_64 is older than 5.10, which Terway 1.14 and later refuse"* ]]
    [ "$(snapshot)" = "$before" ]
    [ -z "$(changing_calls)" ]
  done
}

@test "rpm: kernelCheck: false lets an older kernel through; on 1.31 conntrack is installed for kubeadm's preflight" {
  new_node alinux3
  run_script rpm-any-kernel STUB_KERNEL=4.19.91-27.al7.x86_64
  [ "$status" -eq 0 ]
  grep -q '^kubeadm join' "$STUB_LOG"
  [ -L "$BIN/conntrack" ]
}

@test "rpm: CentOS 7 and Rocky 8 (el8, kernel 4.18) are refused as rpm systems, even with the kernel check off" {
  for os in centos7 rocky8; do
    new_node "$os"
    run_script rpm-any-kernel STUB_KERNEL=4.18.0-553.el8_10.x86_64
    [ "$status" -eq 1 ]
    [[ "$output" == *"is not a supported rpm system (Alibaba Cloud Linux 3, Rocky Linux 9, AlmaLinux 9, RHEL 9; other el8 systems have a 4.18 kernel"* ]]
    [ -z "$(changing_calls)" ]
  done
}

@test "deb: Ubuntu 20.04 and Debian 11 are refused (Debian 11 saying why); Ubuntu 24.04 and 26.04, Debian 12 and 13 join with their codename" {
  for old in 'ubuntu 20.04 focal' 'debian 11 bullseye'; do
    read -r id version codename <<<"$old"
    new_node ubuntu2204
    printf 'ID=%s\nVERSION_ID="%s"\nVERSION_CODENAME=%s\n' "$id" "$version" "$codename" >"$NODE_ROOT/etc/os-release"
    run_script deb
    [ "$status" -eq 1 ]
    [[ "$output" == *"${id} ${version} is not a supported deb system (Ubuntu 22.04/24.04/26.04, Debian 12/13)"* ]]
    [ -z "$(changing_calls)" ]
  done
  # Docker still builds for Debian 11: the refusal says why it is refused all the same.
  [[ "$output" == *"Debian 11: Docker still builds for it, but Debian 11's LTS ended on 2026-08-31"* ]]
  for os in ubuntu2404:ubuntu:noble ubuntu2604:ubuntu:resolute debian12:debian:bookworm debian13:debian:trixie; do
    IFS=: read -r fixture id codename <<<"$os"
    new_node "$fixture"
    run_script deb
    [ "$status" -eq 0 ] || { echo "$fixture: $output"; return 1; }
    [ "$(cat "$NODE_ROOT/etc/apt/sources.list.d/docker.list")" = "deb [signed-by=/etc/apt/keyrings/docker.gpg] https://mirrors.aliyun.com/docker-ce/linux/${id} ${codename} stable" ]
  done
}

@test "both: not root, or swap on, is refused before any change" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    run_script "$cluster" STUB_UID=1000
    [ "$status" -eq 1 ]
    [[ "$output" == *"must run as root"* ]]
    run_script "$cluster" STUB_SWAP=/swapfile
    [ "$status" -eq 1 ]
    [[ "$output" == *"swap is on"* ]]
    [ -z "$(changing_calls)" ]
  done
}

# --- Keys ---------------------------------------------------------------------------------------------------

@test "both: a key with another fingerprint stops the script before any repository or package is added" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    run_script "$cluster" STUB_KEY_FINGERPRINT=0123456789ABCDEF0123456789ABCDEF01234567
    [ "$status" -eq 1 ]
    [[ "$output" == *"the kubernetes repository key from "*" has fingerprint 0123456789ABCDEF0123456789ABCDEF01234567, not the expected DE15B14486CD377B9E876E1A234654DA9A296436; if your mirror signs with its own key, set nodeInit.kubernetesRepositoryKeyFingerprint"* ]]
    [ ! -e "$NODE_ROOT/etc/apt" ] && [ ! -e "$NODE_ROOT/etc/yum.repos.d" ] && [ ! -e "$NODE_ROOT/etc/containerd" ]
    refute_grep -E '^(apt-get|dnf) install .*(containerd|kube)' "$STUB_LOG"
    refute_grep '^kubeadm' "$STUB_LOG"
  done
}

@test "both: curl and gpg are installed when missing (a minimal image), then each key is verified with its own fingerprint" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    run_script "$cluster"
    [ "$status" -eq 0 ]
    [[ "$output" == *"installing curl gpg (missing)"* ]]
    [ -L "$BIN/curl" ] && [ -L "$BIN/gpg" ]
    [[ "$output" == *"kubernetes key DE15B14486CD377B9E876E1A234654DA9A296436 verified"* ]]
  done
  [[ "$output" == *"docker key 9DC858229FC7DD38854AE2D88D81803C0EBFCD88 verified"* ]]
}

@test "deb: a debootstrap-minbase-like image without sysctl and modprobe gets procps and kmod; present tools are not reinstalled" {
  new_node debian12
  rm "$BIN/sysctl" "$BIN/modprobe"
  ln -s "$REPO_ROOT/test/scripts/stubs/stub" "$BIN/curl"
  ln -s "$REPO_ROOT/test/scripts/stubs/stub" "$BIN/gpg"
  run_script deb
  [ "$status" -eq 0 ]
  [[ "$output" == *"installing sysctl modprobe (missing): ca-certificates procps kmod"* ]]
  grep -qx 'apt-get install -y -q --no-install-recommends ca-certificates procps kmod' "$STUB_LOG"
}

# --- Failures stop the script before the join --------------------------------------------------------------

@test "both: a failing install step stops the script, names the step and never runs kubeadm join" {
  for cluster in rpm deb; do
    if [[ $cluster == rpm ]]; then installer=dnf; else installer=apt-get; fi
    for failing in "$installer:base-tools" "modprobe:kernel-modules" "systemctl:containerd-config" "crictl:kubernetes-packages"; do
      new_node "$(os_of "$cluster")"
      run_script "$cluster" STUB_FAIL="${failing%%:*}"
      [ "$status" -ne 0 ] || { echo "$cluster/$failing: exit 0"; return 1; }
      [[ "$output" == *"[${failing#*:}] FAILED (line "*"the node did not join"* ]] || { echo "$cluster/$failing: $output"; return 1; }
      refute_grep '^kubeadm' "$STUB_LOG" || { echo "$cluster/$failing: kubeadm was called"; return 1; }
    done
  done
}

@test "both: when no package provides a command kubeadm's preflight needs, the script stops before the join" {
  # A world where the distribution's iptables package installs no iptables command.
  sed 's/^iptables iptables -$/iptables - -/' "$REPO_ROOT/test/scripts/stubs/packages.txt" >"$BATS_TEST_TMPDIR/packages.txt"
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    run_script "$cluster" STUB_PACKAGES="$BATS_TEST_TMPDIR/packages.txt"
    [ "$status" -eq 1 ]
    [[ "$output" == *"iptables is not on PATH after installing the packages above; kubeadm join would refuse the node"* ]]
    refute_grep '^kubeadm' "$STUB_LOG"
  done
}

# --- The token stays secret --------------------------------------------------------------------------------

@test "both: the token is on no command line, in no log line and not in the rendered script, also when the join fails" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    run_script "$cluster"
    [ "$status" -eq 0 ]
    [[ "$output" != *"0123456789abcdef"* ]]
    [[ "$output" == *"token hidden"* ]]
    refute_grep 0123456789abcdef "$STUB_LOG"
    new_node "$(os_of "$cluster")"
    run_script "$cluster" STUB_FAIL=kubeadm
    [ "$status" -eq 1 ]
    [[ "$output" == *"[join] FAILED"* ]]
    [[ "$output" != *"0123456789abcdef"* ]]
  done
  refute_grep -rE '[a-z0-9]{6}\.[a-z0-9]{16}' "$RENDERED_DIR"
}

@test "both: the token is not passed on to the package managers' environment" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    # A stub that dumps its environment, standing in for a package scriptlet.
    rm "$BIN/modprobe"
    printf '#!%s\nenv >>"%s"\n' "$BIN/bash" "$BATS_TEST_TMPDIR/env.log" >"$BIN/modprobe"
    chmod +x "$BIN/modprobe"
    run_script "$cluster"
    [ "$status" -eq 0 ]
    [ -s "$BATS_TEST_TMPDIR/env.log" ]
    refute_grep KUBEADM_JOIN_TOKEN "$BATS_TEST_TMPDIR/env.log"
  done
}

# --- What gets installed and written -----------------------------------------------------------------------

@test "rpm: pkgs.k8s.io v1.33 and Docker's rhel/8 repositories with the verified keys, pinned and version-locked; containerd 1.x config" {
  new_node alinux3
  run_script rpm
  [ "$status" -eq 0 ]
  repo=$NODE_ROOT/etc/yum.repos.d/kubernetes.repo
  grep -qx 'baseurl=https://pkgs.k8s.io/core:/stable:/v1.33/rpm/' "$repo"
  grep -qx 'gpgkey=file:///etc/pki/rpm-gpg/ack-hybrid-kubernetes.asc' "$repo"
  grep -qx 'gpgcheck=1' "$repo"
  grep -qx 'exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni' "$repo"
  grep -q 'DE15B14486CD377B9E876E1A234654DA9A296436' "$NODE_ROOT/etc/pki/rpm-gpg/ack-hybrid-kubernetes.asc"
  grep -qx 'curl -fsSL --proto =https --retry 3 -o .*/kubernetes.asc https://pkgs.k8s.io/core:/stable:/v1.33/rpm/repodata/repomd.xml.key' "$STUB_LOG"
  grep -qx 'dnf install -y --disableexcludes=kubernetes kubelet-1.33.0-\* kubeadm-1.33.0-\* kubectl-1.33.0-\* cri-tools-1.33.\*' "$STUB_LOG"
  grep -qx 'dnf install -y conntrack-tools iptables iproute iproute-tc util-linux ethtool socat' "$STUB_LOG"
  grep -qx 'dnf install -y --disableexcludes=docker containerd.io-1.7.28-\*' "$STUB_LOG"
  grep -qx 'baseurl=https://download.docker.com/linux/rhel/8/$basearch/stable' "$NODE_ROOT/etc/yum.repos.d/docker.repo"
  grep -qx 'exclude=containerd.io' "$NODE_ROOT/etc/yum.repos.d/docker.repo"
  config=$NODE_ROOT/etc/containerd/config.toml
  grep -qx 'version = 2' "$config"
  grep -A1 -x '\[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options\]' "$config" | grep -qx '  SystemdCgroup = true'
  grep -qx '  sandbox_image = "registry.k8s.io/pause:3.10"' "$config"
  [ ! -e "$NODE_ROOT/etc/containerd/certs.d/docker.io/hosts.toml" ]
  [ "$(cat "$NODE_ROOT/etc/crictl.yaml")" = "$(printf 'runtime-endpoint: unix:///run/containerd/containerd.sock\nimage-endpoint: unix:///run/containerd/containerd.sock')" ]
  [ ! -e "$NODE_ROOT/etc/sysconfig/kubelet" ]
}

@test "rpm: Rocky 9 and AlmaLinux 9 use Docker's rhel/9 repository" {
  for os in rocky9 alma9; do
    new_node "$os"
    run_script rpm
    [ "$status" -eq 0 ]
    grep -qx 'baseurl=https://download.docker.com/linux/rhel/9/$basearch/stable' "$NODE_ROOT/etc/yum.repos.d/docker.repo"
  done
}

@test "deb: the mirror's v1.36 repository, signed-by keyrings, held packages, containerd 2.3's config version 4 with mirror" {
  new_node ubuntu2204
  run_script deb
  [ "$status" -eq 0 ]
  [ "$(cat "$NODE_ROOT/etc/apt/sources.list.d/kubernetes.list")" = 'deb [signed-by=/etc/apt/keyrings/kubernetes.gpg] https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.36/deb/ /' ]
  [ "$(cat "$NODE_ROOT/etc/apt/sources.list.d/docker.list")" = 'deb [signed-by=/etc/apt/keyrings/docker.gpg] https://mirrors.aliyun.com/docker-ce/linux/ubuntu jammy stable' ]
  grep -q 9DC858229FC7DD38854AE2D88D81803C0EBFCD88 "$NODE_ROOT/etc/apt/keyrings/docker.gpg"
  grep -qx 'curl -fsSL --proto =https --retry 3 -o .*/kubernetes.asc https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.36/deb/Release.key' "$STUB_LOG"
  grep -qx 'apt-get install -y -q --no-install-recommends --allow-downgrades --allow-change-held-packages kubelet=1.36.4-\* kubeadm=1.36.4-\* kubectl=1.36.4-\* cri-tools=1.36.\*' "$STUB_LOG"
  grep -qx 'apt-mark hold kubelet kubeadm kubectl cri-tools kubernetes-cni' "$STUB_LOG"
  grep -qx 'apt-get install -y -q --no-install-recommends --allow-downgrades --allow-change-held-packages containerd.io=2.3.3-\*' "$STUB_LOG"
  grep -qx 'apt-mark hold containerd.io' "$STUB_LOG"
  config=$NODE_ROOT/etc/containerd/config.toml
  # containerd 2.3 reads version 4 (containerd version/version.go ConfigVersion = 4 at v2.3.0); 3 is migrated on every start.
  grep -qx 'version = 4' "$config"
  grep -A1 -x "\[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options\]" "$config" | grep -qx '  SystemdCgroup = true'
  grep -A1 -x "\[plugins.'io.containerd.cri.v1.images'.pinned_images\]" "$config" | grep -qx "  sandbox = 'registry.cn-hangzhou.aliyuncs.com/google_containers/pause:3.10.2'"
  grep -qx '\[host."https://docker-mirror.example.com"\]' "$NODE_ROOT/etc/containerd/certs.d/docker.io/hosts.toml"
  [ ! -e "$NODE_ROOT/etc/default/kubelet" ]
}

@test "both: crictl and conntrack exist only because the script installed cri-tools and conntrack (kubeadm 1.33+ pulls neither)" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    [ ! -e "$BIN/crictl" ] && [ ! -e "$BIN/conntrack" ]
    run_script "$cluster"
    [ "$status" -eq 0 ]
    grep -q '^cri-tools ' "$BIN/.installed"
    grep -Eq '^conntrack(-tools)? ' "$BIN/.installed"
    [ -L "$BIN/crictl" ] && [ -L "$BIN/conntrack" ]
  done
}

@test "real gpg: the script's key_fingerprint reads the primary key's fingerprint, and refuses two keys or no key" {
  command -v gpg >/dev/null || skip "gpg is not installed"
  # The function exactly as rendered, run with this machine's gpg instead of the stub.
  sed -n '/^key_fingerprint() {$/,/^}$/p' "$RENDERED_DIR/deb/init-node-ecs.sh" >"$BATS_TEST_TMPDIR/key_fingerprint.bash"
  [ -s "$BATS_TEST_TMPDIR/key_fingerprint.bash" ]
  export GNUPGHOME=$BATS_TEST_TMPDIR/maker
  mkdir -m 0700 "$GNUPGHOME"
  gpg --batch --quiet --pinentry-mode loopback --passphrase '' --quick-gen-key 'stand-in <stand-in@example.com>' ed25519 sign 1d 2>/dev/null
  primary=$(gpg --batch --with-colons --list-keys | grep -m1 '^fpr' | cut -d: -f10)
  gpg --batch --quiet --pinentry-mode loopback --passphrase '' --quick-add-key "$primary" cv25519 encr 1d 2>/dev/null
  gpg --batch --armor --export >"$BATS_TEST_TMPDIR/key.asc"
  cat "$BATS_TEST_TMPDIR/key.asc" "$BATS_TEST_TMPDIR/key.asc" >"$BATS_TEST_TMPDIR/two.asc"
  echo 'not a key' >"$BATS_TEST_TMPDIR/junk.asc"
  # Key generation started a gpg-agent for that home: stop it, so the test leaves no process behind.
  gpgconf --kill gpg-agent 2>/dev/null || true
  unset GNUPGHOME
  workdir=$BATS_TEST_TMPDIR/private
  mkdir -p -m 0700 "$workdir/gnupg"
  # shellcheck source=/dev/null
  source "$BATS_TEST_TMPDIR/key_fingerprint.bash"
  [ "$(key_fingerprint "$BATS_TEST_TMPDIR/key.asc")" = "$primary" ]
  [ "$(key_fingerprint "$BATS_TEST_TMPDIR/two.asc")" != "$primary" ]
  [ -z "$(key_fingerprint "$BATS_TEST_TMPDIR/junk.asc")" ]
}
