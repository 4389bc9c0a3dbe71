/**
 * Guide step 2 as a file: the RAM policy Terway's AccessKey needs, from Terway's docs/ecs.md.
 * Compared with the guide: adds ecs:DescribeInstanceTypes (Terway sizes its ENI pool from it; without it
 * the daemon cannot start), and drops DescribeInstanceAttribute, DescribeInstances and
 * ModifyNetworkInterfaceAttribute, which current Terway no longer calls (least privilege).
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
] as const;

export const TERWAY_VPC_ACTIONS = ['vpc:DescribeVSwitches'] as const;

export function terwayRamPolicy(): string {
  const policy = {
    Version: '1',
    Statement: [
      { Action: [...TERWAY_ECS_ACTIONS], Resource: ['*'], Effect: 'Allow' },
      { Action: [...TERWAY_VPC_ACTIONS], Resource: ['*'], Effect: 'Allow' },
    ],
  };
  return `${JSON.stringify(policy, null, 2)}\n`;
}
