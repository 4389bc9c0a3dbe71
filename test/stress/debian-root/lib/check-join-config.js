// node check-join-config.js ROOT: checks the JoinConfiguration the stand-in kubeadm received (its copy in
// ROOT/var/log/standin) against what the node should register as, with a real YAML parser. Expected values
// come from the environment (helpers.bash). Prints every problem; exit 1 if any.
'use strict';
const fs = require('fs');
const path = require('path');
const YAML = require(path.join(__dirname, '../../../../node_modules/yaml'));

const root = process.argv[2];
const env = process.env;
const problems = [];
const expect = (ok, message) => ok || problems.push(message);

const text = fs.readFileSync(`${root}/var/log/standin/join-config.yaml`, 'utf8');
const join = YAML.parseAllDocuments(text).map((d) => d.toJS()).find((o) => o && o.kind === 'JoinConfiguration');
expect(join !== undefined, 'no JoinConfiguration document');
if (join) {
  expect(join.apiVersion === 'kubeadm.k8s.io/v1beta4', `apiVersion ${join.apiVersion}, expected kubeadm.k8s.io/v1beta4 (Kubernetes ${env.KUBERNETES_VERSION})`);
  const bt = join.discovery?.bootstrapToken ?? {};
  expect(bt.token === env.TOKEN, 'discovery.bootstrapToken.token is not the join token');
  expect(bt.apiServerEndpoint === env.API_SERVER_ENDPOINT, `apiServerEndpoint ${bt.apiServerEndpoint}`);
  expect(JSON.stringify(bt.caCertHashes) === JSON.stringify([env.CA_HASH]), `caCertHashes ${JSON.stringify(bt.caCertHashes)}`);
  const reg = join.nodeRegistration ?? {};
  expect(reg.name === env.NODE_NAME, `nodeRegistration.name ${reg.name}`);
  expect(/^unix:\/\/(\/var)?\/run\/containerd\/containerd\.sock$/.test(reg.criSocket ?? ''), `nodeRegistration.criSocket ${reg.criSocket}`);
  const taints = (reg.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(',');
  expect(taints === env.TAINTS, `nodeRegistration.taints ${taints}, expected ${env.TAINTS}`);
  const extra = Array.isArray(reg.kubeletExtraArgs) ? reg.kubeletExtraArgs : [];
  const labels = extra.filter((a) => a.name === 'node-labels').map((a) => a.value);
  expect(labels.length === 1 && labels[0] === env.LABELS, `kubeletExtraArgs node-labels ${JSON.stringify(labels)}, expected ${env.LABELS}`);
  expect(!extra.some((a) => ['register-with-taints', 'provider-id', 'hostname-override'].includes(a.name)),
    `kubeletExtraArgs carries a flag the config sets otherwise: ${JSON.stringify(extra.map((a) => a.name))}`);
  expect(typeof join.patches?.directory === 'string', 'no patches.directory (the provider ID goes in a kubeletconfiguration patch)');
}
const config = fs.readFileSync(`${root}/var/lib/kubelet/config.yaml`, 'utf8');
const providerID = YAML.parse(config).providerID;
expect(providerID === env.PROVIDER_ID, `/var/lib/kubelet/config.yaml providerID ${providerID}, expected ${env.PROVIDER_ID}`);
for (const p of problems) console.log(p);
process.exit(problems.length > 0 ? 1 : 0);
