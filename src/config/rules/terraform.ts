/**
 * What the cloud code (`terraform` section) needs from the rest of the file, refused here so that building
 * it can never fail on user input:
 * - the script lives in OSS, in the cluster's region: the cloud code uploads it to the bucket and key of
 *   `nodeInit.scriptUrl`, so the two cannot disagree;
 * - new nodes read the join token from OOS: the pools it creates scale out unattended, and ACK One sets no
 *   KUBEADM_JOIN_TOKEN (the `env` source would never work there);
 * - every pool says what to create its instances from, and there is at least one pool to create;
 * - an image type the node script can drive, for `nodeInit.os`;
 * - Terway on a RAM role only without an AccessKey Secret (Terway's credential chain takes the AccessKey first).
 */
import { HTTPS_URL } from '../formats';
import { parseOssUrl } from '../oss-url';
import { NODE_IMAGE_TYPES } from '../schema';
import { valueAt } from '../source';
import { describeValue } from '../describe';
import { listAt, Path, regionAt, stringAt } from './context';
import { Rule } from './rule';

export const terraformNeeds: Rule = {
  name: 'terraform-needs',
  description: "a terraform section needs an OSS scriptUrl in the cluster's region, the OOS token source, and instances for every pool it creates",
  check(ctx) {
    if (valueAt(ctx.data, ['terraform']) === undefined) return;
    const scriptUrl = stringAt(ctx.data, ['nodeInit', 'scriptUrl']);
    const region = regionAt(ctx.data);
    // A malformed URL is reported by its format alone.
    if (scriptUrl !== undefined && HTTPS_URL.test(scriptUrl)) {
      const oss = parseOssUrl(scriptUrl);
      if (oss === undefined)
        ctx.report(
          ['nodeInit', 'scriptUrl'],
          `${describeValue(scriptUrl)}, not an OSS object URL`,
          'with a terraform section, an OSS object URL https://<bucket>.oss-<region>[-internal].aliyuncs.com/<key>: the cloud code uploads the script there',
        );
      else if (region !== undefined && oss.region !== region)
        ctx.report(
          ['nodeInit', 'scriptUrl'],
          `a bucket in ${oss.region}, not in the cluster's region ${region}`,
          `with a terraform section, a bucket in ${region}: the cloud code creates the object with the cluster's provider`,
        );
    }
    const tokenType = valueAt(ctx.data, ['nodeInit', 'join', 'tokenSource', 'type']);
    if (tokenType !== 'oos-secret-parameter' && valueAt(ctx.data, ['nodeInit', 'join']) !== undefined) {
      const path: Path =
        valueAt(ctx.data, ['nodeInit', 'join', 'tokenSource']) === undefined ? ['nodeInit', 'join'] : ['nodeInit', 'join', 'tokenSource', 'type'];
      ctx.report(
        path,
        tokenType === undefined ? 'the env token source (the default)' : describeValue(tokenType),
        'with a terraform section, tokenSource { type: oos-secret-parameter, ramRoleName }: the node pools it creates scale out unattended, and ACK One never sets KUBEADM_JOIN_TOKEN',
      );
    }
    const identity = valueAt(ctx.data, ['terraform', 'terwayIdentity', 'type']);
    const credentialsMode = valueAt(ctx.data, ['terway', 'credentials', 'mode']);
    // instance-role is the explicit form of this; cloud-managed is refused with ram-role by rule credentials-needs.
    if (identity === 'ram-role' && credentialsMode !== undefined && !['unmanaged', 'instance-role', 'cloud-managed'].includes(String(credentialsMode)))
      ctx.report(
        ['terway', 'credentials', 'mode'],
        `${describeValue(credentialsMode)} with terraform.terwayIdentity ram-role`,
        'mode "instance-role" (or "unmanaged") with Terway on a RAM role: Terway takes an AccessKey first (daemon/builder.go), so the Secret this mode writes would win over the role',
      );
    const pools = listAt(ctx.data, ['nodePools']);
    pools.forEach((pool, i) => {
      if (valueAt(pool, ['instances']) === undefined)
        ctx.report(
          ['nodePools', i],
          'nothing: the pool has no instances',
          'with a terraform section, instances: { types: [<ECS instance type>] } on every pool: the cloud code creates it',
        );
    });
    if (pools.length === 0 && valueAt(ctx.data, ['terraform', 'defaultPoolInstances']) === undefined)
      ctx.report(
        ['terraform'],
        'nothing: no node pool and no terraform.defaultPoolInstances',
        'terraform.defaultPoolInstances (the pool on cloud.nodeVSwitches), or nodePools with instances',
      );
    const os = valueAt(ctx.data, ['nodeInit', 'os']) ?? 'rpm';
    if (os !== 'rpm' && os !== 'deb') return;
    const instances: Path[] = [['terraform', 'defaultPoolInstances'], ...pools.map((_, i): Path => ['nodePools', i, 'instances'])];
    for (const path of instances) {
      const imageType = valueAt(ctx.data, [...path, 'imageType']);
      const family: readonly string[] = NODE_IMAGE_TYPES[os];
      const all: readonly string[] = [...NODE_IMAGE_TYPES.rpm, ...NODE_IMAGE_TYPES.deb];
      if (typeof imageType === 'string' && all.includes(imageType) && !family.includes(imageType))
        ctx.report(
          [...path, 'imageType'],
          `${describeValue(imageType)}, an image the nodeInit.os ${os} script cannot drive`,
          `with nodeInit.os ${os}: one of ${family.map((t) => JSON.stringify(t)).join(', ')}`,
        );
    }
  },
};
