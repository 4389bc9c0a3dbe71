// Stand-in for kubeadm, run inside the Debian root by /usr/bin/kubeadm (the stand-in package's binary) with
// the host's node and the repository's `yaml` package, both mounted read-only under /opt/standin by the test.
//
// It does what the node-init script relies on, the way kubeadm does it, minus the network:
//   kubeadm version [-o short]
//   kubeadm join --config FILE   reads the JoinConfiguration (kubeadm.k8s.io/v1beta4; v1beta3 with a
//                                deprecation warning), runs the join preflight, "talks" to the control plane
//                                described by /etc/standin/control-plane.json (written by the test), then
//                                writes what a join writes, ending with /etc/kubernetes/kubelet.conf.
//   kubeadm reset -f             removes what a join wrote.
// Sources: kubernetes/kubernetes cmd/kubeadm/app/preflight/checks.go @00b6a4c7 (JoinNodeChecks: FileAvailable
// for kubelet.conf, bootstrap-kubelet.conf and the CA certificate; addCommonChecks) and checks_linux.go @039c72e8
// (addExecChecks: ip, iptables, mount, nsenter mandatory; ebtables, ethtool, socat, tc, touch optional);
// cmd/kubeadm/app/cmd/phases/join/kubelet.go @a3ed9f0c (the kubelet-start phase writes bootstrap-kubelet.conf
// and the CA, and removes bootstrap-kubelet.conf when it returns, failed or not: a deferred os.Remove); the
// v1beta4 API (kubeletExtraArgs is a list of {name, value}); patches are named
// target[suffix][+patchtype].extension with target kubeletconfiguration among others.
//
// Every call is recorded in /var/log/standin/kubeadm.argv (what the test greps for the token); during a join
// every process's command line is scanned for the token (/var/log/standin/token-on-command-line if found), and
// kubeadm's own environment (/var/log/standin/token-in-environment).
// Make a join fail midway with a marker file: /etc/standin/fail-join-midway fails the kubelet-start phase as
// kubeadm does when kubelet never finishes its TLS bootstrap (the CA stays, the deferred removal takes
// bootstrap-kubelet.conf); /etc/standin/kill-join-midway kills kubeadm there instead (SIGKILL, a reboot: both stay).
'use strict';
const fs = require('fs');
const path = require('path');
const YAML = require('/opt/standin/node_modules/yaml');

const VERSION = process.env.STANDIN_KUBEADM_VERSION;
const LOG = '/var/log/standin';
const K8S = '/etc/kubernetes';
const KUBELET_DIR = '/var/lib/kubelet';
const CONTROL_PLANE = '/etc/standin/control-plane.json';
const FAIL_MARKER = '/etc/standin/fail-join-midway';
const KILL_MARKER = '/etc/standin/kill-join-midway';

fs.mkdirSync(LOG, { recursive: true, mode: 0o700 });
const args = process.argv.slice(2);
fs.appendFileSync(`${LOG}/kubeadm.argv`, `${JSON.stringify(['kubeadm', ...args])}\n`);

function die(message, code = 1) {
  process.stderr.write(`${message}\nTo see the stack trace of this error execute with --v=5 or higher\n`);
  process.exit(code);
}
function exists(file) {
  return fs.existsSync(file);
}
function write(file, content, mode = 0o600) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content, { mode });
}
function onPath(executable) {
  return (process.env.PATH || '').split(':').some((dir) => {
    try {
      fs.accessSync(path.join(dir, executable), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
// Fake systemd (the test's systemctl): state files under /run/standin/systemd.
function unitActive(unit) {
  return exists(`/run/standin/systemd/active/${unit}`);
}
function unitEnabled(unit) {
  return exists(`/run/standin/systemd/enabled/${unit}`);
}
function readOr(file, otherwise = '') {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return otherwise;
  }
}
function sysctl(key) {
  return readOr(`/run/standin/kernel/sysctl/${key}`);
}

// Every process's argv, read while kubeadm runs: the script, its shells and kubeadm itself.
function scanCommandLines(token) {
  const found = [];
  for (const pid of fs.readdirSync('/proc').filter((entry) => /^[0-9]+$/.test(entry))) {
    let cmdline;
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes(token)) found.push(`pid ${pid}: ${cmdline.split('\0').join(' ').split(token).join('<TOKEN>')}`);
  }
  if (found.length > 0) fs.appendFileSync(`${LOG}/token-on-command-line`, `${found.join('\n')}\n`);
  // The script keeps the token in a shell variable and un-exports KUBEADM_JOIN_TOKEN: kubeadm needs it from the file only.
  const inEnvironment = Object.entries(process.env)
    .filter(([, value]) => (value ?? '').includes(token))
    .map(([name]) => name);
  if (inEnvironment.length > 0) fs.appendFileSync(`${LOG}/token-in-environment`, `${inEnvironment.join(' ')}\n`);
}

function version() {
  if (args.includes('-o') && args[args.indexOf('-o') + 1] === 'short') return console.log(`v${VERSION}`);
  console.log(`kubeadm version: &version.Info{Major:"1", Minor:"${VERSION.split('.')[1]}", GitVersion:"v${VERSION}"}`);
}

function flag(name) {
  const index = args.indexOf(name);
  if (index >= 0) return args[index + 1];
  const joined = args.find((arg) => arg.startsWith(`${name}=`));
  return joined === undefined ? undefined : joined.slice(name.length + 1);
}

function readJoinConfiguration(file) {
  if (!exists(file)) die(`unable to read config from "${file}" : open ${file}: no such file or directory`);
  const stat = fs.statSync(file);
  fs.appendFileSync(`${LOG}/join-config.mode`, `${(stat.mode & 0o777).toString(8)} ${(fs.statSync(path.dirname(file)).mode & 0o777).toString(8)}\n`);
  const text = fs.readFileSync(file, 'utf8');
  // A copy for the test's own checks (the script removes its temp folder).
  write(`${LOG}/join-config.yaml`, text);
  const docs = YAML.parseAllDocuments(text);
  const errors = docs.flatMap((doc) => doc.errors.map((e) => e.message));
  if (errors.length > 0) die(`error converting YAML to JSON: ${errors[0]}`);
  const objects = docs.map((doc) => doc.toJS()).filter((o) => o !== null);
  const join = objects.find((o) => o.kind === 'JoinConfiguration');
  if (!join) die(`no JoinConfiguration kind was found in the YAML file`);
  for (const other of objects.filter((o) => o !== join)) {
    process.stderr.write(`W: [config] WARNING: Ignored configuration document with GroupVersionKind ${other.apiVersion}, Kind=${other.kind}\n`);
  }
  if (join.apiVersion === 'kubeadm.k8s.io/v1beta3') {
    process.stderr.write('W: kubeadm.k8s.io/v1beta3 is deprecated; use kubeadm.k8s.io/v1beta4\n');
  } else if (join.apiVersion !== 'kubeadm.k8s.io/v1beta4') {
    die(`no kind "JoinConfiguration" is registered for version "${join.apiVersion}"`);
  }
  const v1beta4 = join.apiVersion === 'kubeadm.k8s.io/v1beta4';
  const known = [
    'apiVersion',
    'kind',
    'discovery',
    'nodeRegistration',
    'patches',
    'caCertPath',
    'controlPlane',
    'skipPhases',
    ...(v1beta4 ? ['dryRun', 'timeouts'] : []),
  ];
  for (const key of Object.keys(join)) {
    if (!known.includes(key)) die(`strict decoding error: unknown field "${key}"`);
  }
  const token = join.discovery?.bootstrapToken;
  if (!token) die('discovery.bootstrapToken or discovery.file must be set');
  for (const key of Object.keys(token)) {
    if (!['token', 'apiServerEndpoint', 'caCertHashes', 'unsafeSkipCAVerification'].includes(key))
      die(`strict decoding error: unknown field "discovery.bootstrapToken.${key}"`);
  }
  if (typeof token.token !== 'string' || !/^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(token.token))
    die('discovery.bootstrapToken.token: Invalid value: the bootstrap token is invalid');
  if (!Array.isArray(token.caCertHashes) || token.caCertHashes.length === 0)
    die('discovery.bootstrapToken.caCertHashes: Invalid value: using token-based discovery without caCertHashes can be unsafe');
  const registration = join.nodeRegistration ?? {};
  const extra = registration.kubeletExtraArgs ?? [];
  if (v1beta4 && !Array.isArray(extra))
    die('strict decoding error: nodeRegistration.kubeletExtraArgs: expected a list of {name, value} (kubeadm.k8s.io/v1beta4)');
  const extraArgs = Array.isArray(extra) ? extra.map((a) => [String(a.name), String(a.value)]) : Object.entries(extra).map(([k, v]) => [k, String(v)]);
  for (const taint of registration.taints ?? []) {
    if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(taint.effect)) die(`nodeRegistration.taints: Unsupported value: "${taint.effect}"`);
  }
  return { join, token, registration, extraArgs };
}

// kubeadm's patch file names: target[suffix][+patchtype].extension.
function providerIdFromPatches(directory) {
  if (!directory) return undefined;
  if (!exists(directory)) die(`could not list patch files for path "${directory}": no such file or directory`);
  const files = fs.readdirSync(directory);
  fs.mkdirSync(`${LOG}/patches`, { recursive: true });
  let providerID;
  for (const file of files) {
    const match =
      /^(etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kubeletconfiguration|corednsdeployment)[^+.]*(\+(strategic|merge|json))?\.(yaml|yml|json)$/.exec(
        file,
      );
    if (!match) {
      process.stderr.write(
        `W: [patches] Ignoring file "${file}": unknown target, must be one of [etcd kube-apiserver kube-controller-manager kube-scheduler kubeletconfiguration corednsdeployment]\n`,
      );
      continue;
    }
    const text = fs.readFileSync(path.join(directory, file), 'utf8');
    fs.writeFileSync(`${LOG}/patches/${file}`, text);
    if (match[1] !== 'kubeletconfiguration') continue;
    const patch = YAML.parse(text);
    if (match[3] === 'json') {
      for (const op of patch) if (op.path === '/providerID') providerID = op.value;
    } else if (patch && patch.providerID !== undefined) {
      providerID = patch.providerID;
    }
  }
  return providerID;
}

function join() {
  const file = flag('--config');
  if (!file) die('the stand-in kubeadm joins only with --config (the token must not be on the command line)');
  const plain = args.filter((a, i) => a !== 'join' && a !== '--config' && args[i - 1] !== '--config' && !a.startsWith('--config='));
  const allowedWithConfig = plain.every((a) => a.startsWith('--ignore-preflight-errors') || a.startsWith('--v=') || a.startsWith('--skip-phases'));
  if (!allowedWithConfig) die(`can not mix '--config' with arguments ${JSON.stringify(plain)}`);
  const { token, registration, extraArgs, join: config } = readJoinConfiguration(file);
  scanCommandLines(token.token);

  // Preflight (JoinNodeChecks).
  const errors = [];
  const warnings = [];
  const caCertPath = config.caCertPath ?? `${K8S}/pki/ca.crt`;
  for (const f of [`${K8S}/kubelet.conf`, `${K8S}/bootstrap-kubelet.conf`, caCertPath]) {
    if (exists(f)) errors.push(`[ERROR FileAvailable-${f.replace(/\//g, '-')}]: ${f} already exists`);
  }
  const socket = registration.criSocket ?? 'unix:///var/run/containerd/containerd.sock';
  if (!/^unix:\/\/(\/var)?\/run\/containerd\/containerd\.sock$/.test(socket)) errors.push(`[ERROR CRI]: container runtime is not running: ${socket}`);
  else if (!unitActive('containerd.service') || readOr('/run/standin/containerd/cri') !== 'on') {
    errors.push('[ERROR CRI]: container runtime is not running: rpc error: code = Unimplemented desc = unknown service runtime.v1.RuntimeService');
  }
  for (const exe of ['ip', 'iptables', 'mount', 'nsenter']) if (!onPath(exe)) errors.push(`[ERROR FileExisting-${exe}]: ${exe} not found in system path`);
  for (const exe of ['ebtables', 'ethtool', 'socat', 'tc', 'touch'])
    if (!onPath(exe)) warnings.push(`[WARNING FileExisting-${exe}]: ${exe} not found in system path`);
  if (sysctl('net.ipv4.ip_forward') !== '1')
    errors.push('[ERROR FileContent--proc-sys-net-ipv4-ip_forward]: /proc/sys/net/ipv4/ip_forward contents are not set to 1');
  if (!unitEnabled('kubelet.service'))
    warnings.push("[WARNING Service-Kubelet]: kubelet service is not enabled, please run 'systemctl enable kubelet.service'");
  if (!onPath('kubelet')) errors.push("[ERROR KubeletVersion]: couldn't get kubelet version: executable file not found in $PATH");
  for (const w of warnings) process.stderr.write(`\t${w}\n`);
  if (errors.length > 0) {
    die(
      `[preflight] Some fatal errors occurred:\n\t${errors.join('\n\t')}\n[preflight] If you know what you are doing, you can make a check non-fatal with \`--ignore-preflight-errors=...\`\nerror execution phase preflight: preflight checks failed`,
    );
  }

  // Discovery: the "network" part, against the control plane the test describes.
  const plane = JSON.parse(fs.readFileSync(CONTROL_PLANE, 'utf8'));
  if (token.apiServerEndpoint !== plane.apiServerEndpoint)
    die(
      `error execution phase preflight: couldn't validate the identity of the API Server: Get "https://${token.apiServerEndpoint}/api/v1/namespaces/kube-public/configmaps/cluster-info": dial tcp: connect: connection refused`,
    );
  if (!token.caCertHashes.includes(plane.caCertHash))
    die(
      'error execution phase preflight: couldn\'t validate the identity of the API Server: cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "sha256:…" are pinned',
    );
  if (token.token !== plane.token)
    die(
      `error execution phase preflight: couldn't validate the identity of the API Server: could not find a JWS signature in the cluster-info ConfigMap for token ID "${token.token.split('.')[0]}"`,
    );

  // kubelet-start: what kubeadm writes before it waits for the TLS bootstrap.
  write(caCertPath, '-----BEGIN CERTIFICATE-----\nstand-in cluster CA\n-----END CERTIFICATE-----\n', 0o644);
  write(`${K8S}/bootstrap-kubelet.conf`, `# stand-in bootstrap kubeconfig for ${plane.apiServerEndpoint}\n`);
  const providerID = providerIdFromPatches(config.patches?.directory);
  write(
    `${KUBELET_DIR}/config.yaml`,
    YAML.stringify({
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      cgroupDriver: 'systemd',
      ...(providerID ? { providerID } : {}),
    }),
    0o644,
  );
  const flags = [...extraArgs];
  const taints = (registration.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
  if (taints.length > 0) flags.push(['register-with-taints', taints.join(',')]);
  const hostname = readOr('/etc/hostname', 'localhost');
  if (registration.name && registration.name !== hostname) flags.push(['hostname-override', registration.name]);
  write(`${KUBELET_DIR}/kubeadm-flags.env`, `KUBELET_KUBEADM_ARGS="${flags.map(([k, v]) => `--${k}=${v}`).join(' ')}"\n`, 0o644);
  require('child_process').execFileSync('systemctl', ['restart', 'kubelet'], { stdio: 'inherit' });
  if (exists(KILL_MARKER)) process.kill(process.pid, 'SIGKILL');
  if (exists(FAIL_MARKER)) {
    fs.rmSync(`${K8S}/bootstrap-kubelet.conf`, { force: true }); // the phase's deferred os.Remove
    die('[kubelet-check] The kubelet is not healthy after 4m0s\nerror execution phase kubelet-start: timed out waiting for the condition');
  }
  write(`${K8S}/kubelet.conf`, `# stand-in kubelet kubeconfig of node ${registration.name}\n`);
  fs.rmSync(`${K8S}/bootstrap-kubelet.conf`, { force: true });
  fs.appendFileSync(`${LOG}/joins`, `${registration.name} ${token.apiServerEndpoint}\n`);
  console.log('This node has joined the cluster');
}

function reset() {
  if (!args.includes('-f') && !args.includes('--force')) die('Aborted reset operation (no terminal to confirm; use -f)');
  const socket = flag('--cri-socket');
  if (socket !== undefined && !/^unix:\/\/(\/var)?\/run\/containerd\/containerd\.sock$/.test(socket)) die(`unknown CRI socket ${socket}`);
  try {
    require('child_process').execFileSync('systemctl', ['stop', 'kubelet'], { stdio: 'inherit' });
  } catch {
    // reset goes on when kubelet cannot be stopped, as kubeadm does
  }
  for (const f of ['kubelet.conf', 'bootstrap-kubelet.conf', 'admin.conf', 'super-admin.conf', 'controller-manager.conf', 'scheduler.conf']) {
    fs.rmSync(`${K8S}/${f}`, { force: true });
  }
  fs.rmSync(`${K8S}/pki`, { recursive: true, force: true });
  for (const entry of exists(`${K8S}/manifests`) ? fs.readdirSync(`${K8S}/manifests`) : []) {
    if (entry !== '.kubelet-keep') fs.rmSync(`${K8S}/manifests/${entry}`, { recursive: true, force: true });
  }
  for (const entry of exists(KUBELET_DIR) ? fs.readdirSync(KUBELET_DIR) : []) {
    if (entry !== '.kubelet-keep') fs.rmSync(`${KUBELET_DIR}/${entry}`, { recursive: true, force: true });
  }
  fs.appendFileSync(`${LOG}/resets`, `${socket ?? '(detected)'}\n`);
  console.log('[reset] The reset process does not clean CNI configuration.');
}

switch (args[0]) {
  case 'version':
    version();
    break;
  case 'join':
    join();
    break;
  case 'reset':
    reset();
    break;
  default:
    die(`the kubeadm stand-in does not implement: ${args.join(' ')}`);
}
