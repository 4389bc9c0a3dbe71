/**
 * What the credentials modes without a person's AccessKey need from the rest of the file:
 * - `cloud-managed`: the cloud code creates the key for Terway's RAM user (a `terraform` section with
 *   `terwayIdentity: ram-user`), and tofu-controller writes it into kube-system/alibaba-addon-secret from the
 *   Terraform object of the GitOps bootstrap (a `gitops` section, `terraform.runner.mode: tofu-controller`). The
 *   controller writes outputs only into the Terraform object's own namespace (flux-iac/tofu-controller v0.16.5,
 *   controllers/tf_controller_outputs.go, runner/server_outputs.go WriteOutputs), so that namespace is kube-system.
 * - `instance-role`: with a `terraform` section, Terway's policy goes to a role (`terwayIdentity: ram-role`); a RAM
 *   user would get the policy and no key, and Terway would act as a role without it.
 */
import { describeValue } from '../describe';
import { valueAt } from '../source';
import { Rule } from './rule';

const CREDENTIALS = ['terway', 'credentials', 'mode'] as const;

export const credentialsNeeds: Rule = {
  name: 'credentials-needs',
  description:
    'credentials cloud-managed need a terraform section with Terway as a RAM user, a gitops section and tofu-controller in kube-system; instance-role with a terraform section needs Terway on a RAM role',
  check(ctx) {
    const mode = valueAt(ctx.data, [...CREDENTIALS]);
    const terraform = valueAt(ctx.data, ['terraform']);
    const identity = valueAt(ctx.data, ['terraform', 'terwayIdentity', 'type']) ?? 'ram-user';
    if (mode === 'instance-role') {
      if (terraform !== undefined && identity !== 'ram-role')
        ctx.report(
          [...CREDENTIALS],
          `"instance-role" with terraform.terwayIdentity ${describeValue(identity)}`,
          "with a terraform section, terraform.terwayIdentity { type: ram-role, roleName: <the node pools' instance role> }: the cloud code attaches Terway's policy to that role",
        );
      return;
    }
    if (mode !== 'cloud-managed') return;
    if (terraform === undefined) {
      ctx.report(
        [...CREDENTIALS],
        '"cloud-managed" without a terraform section',
        'a terraform section: the cloud code creates the AccessKey (alicloud_ram_access_key), or another mode',
      );
      return;
    }
    if (identity !== 'ram-user')
      ctx.report(
        [...CREDENTIALS],
        `"cloud-managed" with terraform.terwayIdentity ${describeValue(identity)}`,
        'terraform.terwayIdentity { type: ram-user }: the AccessKey belongs to that RAM user (or mode "instance-role" for Terway on a role)',
      );
    if (valueAt(ctx.data, ['gitops']) === undefined)
      ctx.report(
        [...CREDENTIALS],
        '"cloud-managed" without a gitops section',
        "a gitops section: tofu-controller's Terraform object, which writes the Secret, is part of the GitOps bootstrap",
      );
    const runner = valueAt(ctx.data, ['terraform', 'runner', 'mode']);
    if (runner === 'none')
      ctx.report(
        ['terraform', 'runner', 'mode'],
        '"none" with terway.credentials.mode "cloud-managed"',
        '"tofu-controller": its writeOutputsToSecret puts the AccessKey into the Secret, so that no person reads it',
      );
    const namespace = valueAt(ctx.data, ['terraform', 'runner', 'namespace']);
    if (runner !== 'none' && typeof namespace === 'string' && namespace !== 'kube-system')
      ctx.report(
        ['terraform', 'runner', 'namespace'],
        `${describeValue(namespace)} with terway.credentials.mode "cloud-managed"`,
        '"kube-system" (the default with cloud-managed): tofu-controller writes outputs only into the Terraform object\'s namespace, and Terway reads kube-system/alibaba-addon-secret',
      );
  },
};
