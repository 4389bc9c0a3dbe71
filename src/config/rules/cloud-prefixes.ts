/**
 * Prefix lengths Alibaba Cloud accepts, so that a plan cannot name a VPC or vSwitch that cannot exist.
 *
 * - VPC (Alibaba Cloud's alicloud_vpc reference, cidr_block, https://help.aliyun.com/zh/terraform/alicloud-vpc, and
 *   the secondary-block page, https://help.aliyun.com/document_detail/2588220.html): 10.0.0.0/8,
 *   172.16.0.0/12, 192.168.0.0/16 or a subnet of them, or a custom block that is not 100.64.0.0/10, 224.0.0.0/4,
 *   127.0.0.0/8, 169.254.0.0/16 or a subnet of them and does not start with 0; "the subnet mask must be 8 to 28 bits".
 * - vSwitch (CreateVSwitch, CidrBlock; https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-createvswitch):
 *   "the subnet mask of the vSwitch must be /16 to /29", inside the VPC's block.
 */
import { contains, parseCidr } from '../cidr';
import { vSwitchesAt, vSwitchLists } from './context';
import { Rule } from './rule';

export const VPC_PREFIX = { min: 8, max: 28 } as const;
export const VSWITCH_PREFIX = { min: 16, max: 29 } as const;

/** Blocks a VPC may not be, nor lie inside. 0.0.0.0/8: "the CIDR block cannot start with 0". */
const VPC_RESERVED = ['0.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4'].map((c) => parseCidr(c)!);

export const vpcPrefix: Rule = {
  name: 'vpc-prefix',
  description:
    'cloud.vpcCidr is a block Alibaba Cloud accepts for a VPC: a /8 to /28, not inside 0.0.0.0/8, 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16 or 224.0.0.0/4',
  check(ctx) {
    const vpc = ctx.rangeAt(['cloud', 'vpcCidr']);
    if (!vpc) return;
    const allowed = `a VPC block Alibaba Cloud accepts: a prefix from /${VPC_PREFIX.min} to /${VPC_PREFIX.max}, usually inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`;
    if (vpc.cidr.prefix < VPC_PREFIX.min || vpc.cidr.prefix > VPC_PREFIX.max) {
      ctx.report(vpc.path, `"${vpc.cidr.canonical}", a /${vpc.cidr.prefix}`, allowed);
      return;
    }
    const reserved = VPC_RESERVED.find((r) => contains(r, vpc.cidr));
    if (reserved) ctx.report(vpc.path, `"${vpc.cidr.canonical}", inside the reserved block ${reserved.canonical}`, allowed);
  },
};

export const vSwitchPrefix: Rule = {
  name: 'vswitch-prefix',
  description: 'every vSwitch range is a /16 to /29, as CreateVSwitch requires',
  check(ctx) {
    for (const list of vSwitchLists(ctx.data)) {
      for (const vsw of vSwitchesAt(ctx, list)) {
        const prefix = vsw.range?.cidr.prefix;
        if (vsw.range && prefix !== undefined && (prefix < VSWITCH_PREFIX.min || prefix > VSWITCH_PREFIX.max)) {
          ctx.report(
            vsw.range.path,
            `"${vsw.range.cidr.canonical}", a /${prefix}`,
            `a vSwitch range from /${VSWITCH_PREFIX.min} to /${VSWITCH_PREFIX.max}: Alibaba Cloud creates no other vSwitch`,
          );
        }
      }
    }
  },
};
