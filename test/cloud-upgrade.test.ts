/**
 * Upgrading cloud nodes is a pull request: a new nodeInit.kubernetesVersion changes the node-init script, and
 * the cloud code's copy of it in OSS changes with it (its content_md5), so the plan uploads the new script and
 * the reviewer sees both. Nothing else of the cloud code may move: node pools are not replaced by a version
 * change (existing nodes are replaced by the pool's own mechanisms, RUNBOOK "Upgrade cloud nodes").
 */
import { createHash } from 'crypto';
import { buildBundle, Bundle } from '../src/build/bundle';
import { parseClusterFile } from '../src/config/load';
import { editedExample } from './support/clusters';

function bundleOf(text: string): Bundle {
  const parsed = parseClusterFile('idc-hangzhou.yaml', text);
  expect(parsed.problems).toEqual([]);
  return buildBundle([{ file: 'clusters/idc-hangzhou.yaml', dir: 'clusters', spec: parsed.spec! }]);
}

function changedFiles(a: Bundle, b: Bundle): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((file) => a.get(file) !== b.get(file)).sort();
}

describe('a Kubernetes upgrade of the cloud nodes shows up in review as script and checksum', () => {
  const before = bundleOf(editedExample([]));
  const after = bundleOf(editedExample([[['nodeInit', 'kubernetesVersion'], '1.37.1']]));

  test('GIVEN the example WHEN kubernetesVersion moves to the next minor THEN the script and its OSS object change, and no node pool', () => {
    const changed = changedFiles(before, after);
    expect(changed).toContain('idc-hangzhou/init-node-ecs.sh');
    expect(changed).toContain('idc-hangzhou/cloud/node-init-script.tf.json');
    expect(changed).not.toContain('idc-hangzhou/cloud/node-pools.tf.json');
    expect(changed.filter((file) => file.startsWith('idc-hangzhou/cloud/'))).toEqual(['idc-hangzhou/cloud/node-init-script.tf.json']);
  });

  test("GIVEN the upgraded bundle THEN the OSS object's content_md5 is the new script's, not the old one's", () => {
    const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('base64');
    const objectOf = (bundle: Bundle) => {
      const file = JSON.parse(bundle.get('idc-hangzhou/cloud/node-init-script.tf.json')!) as {
        resource: Record<string, Record<string, { content_md5?: string }>>;
      };
      const objects = Object.values(file.resource.alicloud_oss_bucket_object ?? {});
      expect(objects).toHaveLength(1);
      return objects[0];
    };
    expect(objectOf(after).content_md5).toBe(md5(after.get('idc-hangzhou/init-node-ecs.sh')!));
    expect(objectOf(after).content_md5).not.toBe(objectOf(before).content_md5);
  });
});
