/**
 * A cdk8s app of your own that uses ack-hybrid's charts: either chart by chart, with your own values, or
 * all the charts of a cluster file. `npm run build && npx cdk8s-cli@2 synth` writes dist/*.k8s.yaml.
 */
import * as path from 'path';
import { App } from 'cdk8s';
import { AckAgentChart, CalicoChart, clusterCharts, loadClusters, TerwayChart } from 'ack-hybrid';

// cdk8s synth sets CDK8S_OUTDIR; App reads it by default.
const app = new App();

// Chart by chart. Calico needs nothing: it keeps calico-node (manifest install) off cloud nodes.
new CalicoChart(app, 'calico', {});
new TerwayChart(app, 'terway', {
  clusterId: 'c0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  serviceCidr: '10.96.0.0/16',
  podVSwitches: [{ id: 'vsw-bp1pod00000000000000a', zone: 'cn-hangzhou-h' }],
  securityGroupIds: ['sg-bp1hybrid0000000000a'],
});
new AckAgentChart(app, 'ack-agent', { scriptUrl: 'https://example-bucket.oss-cn-hangzhou-internal.aliyuncs.com/init-node-ecs.sh' });

// Or every chart of each cluster file, validated as `ack-hybrid validate` does (throws with all problems).
// A real app picks one of the two ways: here both write kube-system/eni-config, in different files.
for (const cluster of loadClusters(path.join(__dirname, 'clusters'))) {
  clusterCharts(app, cluster.spec);
}

app.synth();
