load helpers
setup_file() { start_repositories; }
teardown_file() { stop_repositories; }
@test scratch {
  local root=/tmp/dr-scratch-node
  new_node "$root"
  run_script "$root"
  echo "status $status" >&3
  printf '%s\n' "$output" | grep -v '^\(Selecting\|Preparing\|Unpacking\|Setting up\|Get:\|Hit:\|Ign:\)' >&3
  cat "${WORK}/requests.log" >&3
  cat $root/var/log/standin/join-config.yaml $root/var/log/standin/calls.log $root/var/log/standin/kubeadm.argv >&3
  ls -la $root/var/log/standin/patches >&3; cat $root/var/log/standin/patches/* $root/var/lib/kubelet/* >&3
}
