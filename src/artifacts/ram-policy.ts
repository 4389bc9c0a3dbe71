/**
 * Guide step 2 as a file: the RAM policy Terway's AccessKey needs, as Terway's own docs/ecs.md lists it
 * (AliyunContainerService/terway v1.17.5, read 2026-12-07). Compared with the guide: adds
 * ecs:DescribeInstanceTypes (Terway sizes its ENI pool from it; without it the daemon cannot start), and drops
 * DescribeInstanceAttribute, DescribeInstances and ModifyNetworkInterfaceAttribute, which current Terway no
 * longer calls (least privilege).
 *
 * The IPv6 pair is there for every cluster, not only `terway.ipStack: dual`: Terway calls AssignIpv6Addresses and
 * UnassignIpv6Addresses for the IPv6 half of a dual stack, one address at a time and in prefix mode alike
 * (pkg/aliyun/client/ecs.go AssignIpv6Addresses/UnAssignIpv6Addresses, ecs_2.go AssignIpv6Addresses2 with
 * Ipv6PrefixCount, UnAssignIpv6Addresses2 with Ipv6Prefix), and the RUNBOOK creates the policy once: a cluster
 * switched to dual later must not find its policy short.
 */
export const TERWAY_ECS_ACTIONS = [
  'ecs:CreateNetworkInterface',
  'ecs:DescribeNetworkInterfaces',
  'ecs:AttachNetworkInterface',
  'ecs:DetachNetworkInterface',
  'ecs:DeleteNetworkInterface',
  'ecs:DescribeInstanceTypes',
  'ecs:AssignPrivateIpAddresses',
  'ecs:UnassignPrivateIpAddresses',
  'ecs:AssignIpv6Addresses',
  'ecs:UnassignIpv6Addresses',
] as const;

export const TERWAY_VPC_ACTIONS = ['vpc:DescribeVSwitches'] as const;

/** The same text for every cluster: made once per process. */
let policyText: string | undefined;

export function terwayRamPolicy(): string {
  policyText ??= policyJson();
  return policyText;
}

function policyJson(): string {
  const policy = {
    Version: '1',
    Statement: [
      { Action: [...TERWAY_ECS_ACTIONS], Resource: ['*'], Effect: 'Allow' },
      { Action: [...TERWAY_VPC_ACTIONS], Resource: ['*'], Effect: 'Allow' },
    ],
  };
  return `${JSON.stringify(policy, null, 2)}\n`;
}
