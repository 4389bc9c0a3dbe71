#!/usr/bin/env bats
# The rendered init-node-ecs.sh, run for both OS families against stubbed commands and a sandbox root.
# Clusters: test/scripts/clusters/{rpm,deb,rpm-any-kernel}.yaml (rpm: containerd 1.x, token from env;
# deb: containerd 2.x, mirrors, token from OOS).

load helpers

setup_file() {
  render_scripts
}

# --- A fresh node ------------------------------------------------------------------------------------------

@test "rpm: a fresh node gets the four kubelet flags once and joins with the CA hash" {
  new_node alinux3
  run_script rpm
  [ "$status" -eq 0 ]
  [ "$(cat "$(kubelet_env_file rpm)")" = "KUBELET_EXTRA_ARGS=--provider-id=cn-hangzhou.i-bp1testnode000000000 --hostname-override=cn-hangzhou.10.10.24.7 --node-labels=alibabacloud.com/external=true,workload=batch --register-with-taints=dedicated=batch:NoSchedule" ]
  [ "$(grep '^kubeadm' "$STUB_LOG")" = "kubeadm join 192.168.0.10:6443 --token ${TOKEN} --discovery-token-ca-cert-hash ${CA_HASH} --node-name cn-hangzhou.10.10.24.7" ]
}

@test "deb: a fresh node gets the four kubelet flags in /etc/default/kubelet and joins with the token from OOS" {
  new_node ubuntu2204
  unset_env KUBEADM_JOIN_TOKEN
  run_script deb STUB_OOS_TOKEN="$OOS_TOKEN"
  [ "$status" -eq 0 ]
  [ "$(cat "$(kubelet_env_file deb)")" = "KUBELET_EXTRA_ARGS=--provider-id=cn-hangzhou.i-bp1testnode000000000 --hostname-override=cn-hangzhou.10.10.24.7 --node-labels=alibabacloud.com/external=true,workload=batch --register-with-taints=dedicated=batch:NoSchedule" ]
  [ "$(grep '^aliyun' "$STUB_LOG")" = "aliyun oos GetSecretParameter --region cn-hangzhou --Name ack-hybrid/deb/join-token --WithDecryption true --mode EcsRamRole --ram-role-name ack-hybrid-node" ]
  [ "$(grep '^kubeadm' "$STUB_LOG")" = "kubeadm join 192.168.0.10:6443 --token ${OOS_TOKEN} --discovery-token-ca-cert-hash ${CA_HASH} --node-name cn-hangzhou.10.10.24.7" ]
}

@test "deb: KUBEADM_JOIN_TOKEN overrides the OOS source, which is then not called" {
  new_node ubuntu2204
  run_script deb
  [ "$status" -eq 0 ]
  refute_grep '^aliyun' "$STUB_LOG"
  [ "$(grep '^kubeadm' "$STUB_LOG")" = "kubeadm join 192.168.0.10:6443 --token ${TOKEN} --discovery-token-ca-cert-hash ${CA_HASH} --node-name cn-hangzhou.10.10.24.7" ]
}

@test "both: every step logs a line, in order, and the join comes last" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    run_script "$cluster"
    [ "$status" -eq 0 ]
    steps=$(grep -o '\[[a-z-]*\] begin' <<<"$output" | tr -d '[]' | cut -d' ' -f1 | paste -sd' ')
    [ "$steps" = "preflight kernel-modules containerd-package containerd-config kubernetes-packages kubelet-flags join" ]
    [ "$(tail -n 1 "$STUB_LOG" | cut -d' ' -f1-2)" = "kubeadm join" ]
  done
}

# --- Idempotence and existing flags ------------------------------------------------------------------------

@test "both: a second run leaves every file as the first run wrote it" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    run_script "$cluster"
    [ "$status" -eq 0 ]
    first=$(snapshot)
    run_script "$cluster"
    [ "$status" -eq 0 ]
    [ "$(snapshot)" = "$first" ]
    [ "$(grep -c -- '--provider-id' "$(kubelet_env_file "$cluster")")" -eq 1 ]
  done
}

@test "both: other flags and lines are kept, old values of the four flags replaced (= and space forms, quoted file)" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    file=$(kubelet_env_file "$cluster")
    mkdir -p "$(dirname "$file")"
    printf '# site settings\nKUBELET_EXTRA_ARGS="--max-pods=110 --node-labels=old=1 --provider-id cn-hangzhou.i-old --hostname-override=OLD --v=2"\nOTHER=kept\n' >"$file"
    run_script "$cluster"
    [ "$status" -eq 0 ]
    expected=$(printf '%s\n' '# site settings' \
      'KUBELET_EXTRA_ARGS=--max-pods=110 --v=2 --provider-id=cn-hangzhou.i-bp1testnode000000000 --hostname-override=cn-hangzhou.10.10.24.7 --node-labels=alibabacloud.com/external=true,workload=batch --register-with-taints=dedicated=batch:NoSchedule' \
      'OTHER=kept')
    [ "$(cat "$file")" = "$expected" ]
  done
}

@test "rpm: the package's empty KUBELET_EXTRA_ARGS= line is filled in place, and a later run with new values replaces them" {
  new_node alinux3
  file=$(kubelet_env_file rpm)
  mkdir -p "$(dirname "$file")"
  printf 'KUBELET_EXTRA_ARGS=\n' >"$file"
  run_script rpm
  [ "$status" -eq 0 ]
  set_env ALIBABA_CLOUD_LABELS=workload=web
  set_env ALIBABA_CLOUD_TAINTS=
  run_script rpm
  [ "$status" -eq 0 ]
  [ "$(cat "$file")" = "KUBELET_EXTRA_ARGS=--provider-id=cn-hangzhou.i-bp1testnode000000000 --hostname-override=cn-hangzhou.10.10.24.7 --node-labels=workload=web" ]
}

@test "both: empty taints and labels set no flag" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    set_env ALIBABA_CLOUD_TAINTS=
    set_env ALIBABA_CLOUD_LABELS=
    run_script "$cluster"
    [ "$status" -eq 0 ]
    [ "$(cat "$(kubelet_env_file "$cluster")")" = "KUBELET_EXTRA_ARGS=--provider-id=cn-hangzhou.i-bp1testnode000000000 --hostname-override=cn-hangzhou.10.10.24.7" ]
  done
}

@test "both: taints in key:Effect form and kubelet-allowed kubernetes.io labels are accepted" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    set_env ALIBABA_CLOUD_TAINTS=gpu:NoExecute,spot=true:PreferNoSchedule
    set_env ALIBABA_CLOUD_LABELS=node.kubernetes.io/pool=a,topology.kubernetes.io/zone=cn-hangzhou-h,example.com/team=
    run_script "$cluster"
    [ "$status" -eq 0 ]
    grep -q -- '--register-with-taints=gpu:NoExecute,spot=true:PreferNoSchedule$' "$(kubelet_env_file "$cluster")"
  done
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

@test "deb: an OOS parameter that does not hold a token, or cannot be read, is refused before any change" {
  new_node ubuntu2204
  unset_env KUBEADM_JOIN_TOKEN
  run_script deb STUB_OOS_TOKEN=not-a-token
  [ "$status" -eq 1 ]
  [[ "$output" == *"the join token is not a kubeadm bootstrap token"* ]]
  [ -z "$(changing_calls)" ]
  run_script deb STUB_FAIL=aliyun
  [ "$status" -eq 1 ]
  [[ "$output" == *"could not read OOS secret parameter ack-hybrid/deb/join-token in cn-hangzhou with RAM role ack-hybrid-node"* ]]
  [ -z "$(changing_calls)" ]
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

@test "rpm: kernelCheck: false lets an older kernel through" {
  new_node alinux3
  run_script rpm-any-kernel STUB_KERNEL=4.19.91-27.al7.x86_64
  [ "$status" -eq 0 ]
  grep -q '^kubeadm join' "$STUB_LOG"
}

@test "rpm: CentOS 7 is refused as an rpm system even with the kernel check off" {
  new_node centos7
  run_script rpm-any-kernel STUB_KERNEL=3.10.0-1160.el7.x86_64
  [ "$status" -eq 1 ]
  [[ "$output" == *"centos 7 is not a supported rpm system"* ]]
  [ -z "$(changing_calls)" ]
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

# --- Failures stop the script before the join --------------------------------------------------------------

@test "both: a failing install step stops the script, names the step and never runs kubeadm join" {
  for cluster in rpm deb; do
    if [[ $cluster == rpm ]]; then installer=dnf; else installer=apt-get; fi
    for failing in "$installer:containerd-package" "modprobe:kernel-modules" "systemctl:containerd-config" "crictl:kubernetes-packages"; do
      new_node "$(os_of "$cluster")"
      run_script "$cluster" STUB_FAIL="${failing%%:*}"
      [ "$status" -ne 0 ] || { echo "$cluster/$failing: exit 0"; return 1; }
      [[ "$output" == *"[${failing#*:}] FAILED (line "*"the node did not join"* ]] || { echo "$cluster/$failing: $output"; return 1; }
      refute_grep '^kubeadm' "$STUB_LOG" || { echo "$cluster/$failing: kubeadm was called"; return 1; }
    done
  done
}

# --- The token stays secret --------------------------------------------------------------------------------

@test "both: the token appears neither in the log nor in the rendered script, also when the join fails" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    run_script "$cluster"
    [ "$status" -eq 0 ]
    [[ "$output" != *"0123456789abcdef"* ]]
    [[ "$output" == *"--token <hidden>"* ]]
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
    private_bin
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

@test "rpm: pkgs.k8s.io repository for v1.30 with gpg checks, versions pinned past the excludes, containerd 1.x config" {
  new_node alinux3
  run_script rpm
  [ "$status" -eq 0 ]
  repo=$NODE_ROOT/etc/yum.repos.d/kubernetes.repo
  grep -qx 'baseurl=https://pkgs.k8s.io/core:/stable:/v1.30/rpm/' "$repo"
  grep -qx 'gpgkey=https://pkgs.k8s.io/core:/stable:/v1.30/rpm/repodata/repomd.xml.key' "$repo"
  grep -qx 'gpgcheck=1' "$repo"
  grep -qx 'exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni' "$repo"
  grep -qx 'dnf install -y --disableexcludes=kubernetes kubelet-1.30.4 kubeadm-1.30.4 kubectl-1.30.4' "$STUB_LOG"
  grep -qx 'dnf install -y --disableexcludes=docker-ce-stable containerd.io-1.7.22' "$STUB_LOG"
  grep -qx 'baseurl=https://download.docker.com/linux/centos/8/$basearch/stable' "$NODE_ROOT/etc/yum.repos.d/docker-ce.repo"
  config=$NODE_ROOT/etc/containerd/config.toml
  grep -qx 'version = 2' "$config"
  grep -A1 -x '\[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options\]' "$config" | grep -qx '  SystemdCgroup = true'
  grep -qx '  sandbox_image = "registry.k8s.io/pause:3.10"' "$config"
  [ ! -e "$NODE_ROOT/etc/containerd/certs.d/docker.io/hosts.toml" ]
  [ "$(cat "$NODE_ROOT/etc/crictl.yaml")" = "$(printf 'runtime-endpoint: unix:///run/containerd/containerd.sock\nimage-endpoint: unix:///run/containerd/containerd.sock')" ]
}

@test "rpm: Rocky 9 uses the el9 Docker repository, and yum when dnf is absent" {
  new_node rocky9
  private_bin
  rm "$BIN/dnf"
  run_script rpm
  [ "$status" -eq 0 ]
  grep -qx 'baseurl=https://download.docker.com/linux/centos/9/$basearch/stable' "$NODE_ROOT/etc/yum.repos.d/docker-ce.repo"
  grep -qx 'yum install -y --disableexcludes=kubernetes kubelet-1.30.4 kubeadm-1.30.4 kubectl-1.30.4' "$STUB_LOG"
}

@test "deb: the mirror's v1.31 repository, signed-by keyrings, held packages, containerd 2.x config with mirror" {
  new_node ubuntu2204
  run_script deb
  [ "$status" -eq 0 ]
  [ "$(cat "$NODE_ROOT/etc/apt/sources.list.d/kubernetes.list")" = 'deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.31/deb/ /' ]
  [ "$(cat "$NODE_ROOT/etc/apt/sources.list.d/docker.list")" = 'deb [signed-by=/etc/apt/keyrings/docker.gpg] https://mirrors.aliyun.com/docker-ce/linux/ubuntu jammy stable' ]
  [ -s "$NODE_ROOT/etc/apt/keyrings/kubernetes-apt-keyring.gpg" ]
  grep -qx 'curl -fsSL https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.31/deb/Release.key' "$STUB_LOG"
  grep -qx 'apt-get install -y -q --allow-downgrades --allow-change-held-packages kubelet=1.31.2-\* kubeadm=1.31.2-\* kubectl=1.31.2-\*' "$STUB_LOG"
  grep -qx 'apt-mark hold kubelet kubeadm kubectl' "$STUB_LOG"
  grep -qx 'apt-get install -y -q --allow-downgrades --allow-change-held-packages containerd.io=2.0.5-\*' "$STUB_LOG"
  config=$NODE_ROOT/etc/containerd/config.toml
  grep -qx 'version = 3' "$config"
  grep -A1 -x "\[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options\]" "$config" | grep -qx '  SystemdCgroup = true'
  grep -A1 -x "\[plugins.'io.containerd.cri.v1.images'.pinned_images\]" "$config" | grep -qx "  sandbox = 'registry.cn-hangzhou.aliyuncs.com/google_containers/pause:3.10'"
  grep -qx '\[host."https://docker-mirror.example.com"\]' "$NODE_ROOT/etc/containerd/certs.d/docker.io/hosts.toml"
}

@test "both: a node that has already joined is not joined again; kubelet restarts with the new flags" {
  for cluster in rpm deb; do
    new_node "$(os_of "$cluster")"
    mkdir -p "$NODE_ROOT/etc/kubernetes"
    : >"$NODE_ROOT/etc/kubernetes/kubelet.conf"
    run_script "$cluster"
    [ "$status" -eq 0 ]
    refute_grep '^kubeadm' "$STUB_LOG"
    [ "$(tail -n 1 "$STUB_LOG")" = "systemctl restart kubelet" ]
  done
}
