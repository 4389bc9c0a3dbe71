/**
 * terway-ram-policy.json: what Terway's AccessKey may do. It must hold every action current Terway calls for
 * the settings a cluster file accepts, or Terway fails at run time with a RAM "Forbidden" the RUNBOOK never
 * mentions.
 */
import { parseClusterFile } from '../src/config/load';
import { terwayRamPolicy } from '../src/artifacts/ram-policy';
import { editedExample } from './support/clusters';

interface Statement {
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Effect: string;
}

const actions = (): string[] => (JSON.parse(terwayRamPolicy()) as { Statement: Statement[] }).Statement.flatMap((s) => s.Action);

describe('the RAM policy of Terway', () => {
  test('GIVEN terway.ipStack: dual, which validation accepts, WHEN the policy is written THEN it allows the IPv6 calls Terway makes', () => {
    // AliyunContainerService/terway v1.17.5: docs/ecs.md lists both; pkg/aliyun/client/ecs.go and ecs_2.go call them
    // (one address at a time, and in prefix mode with Ipv6PrefixCount / Ipv6Prefix).
    expect(parseClusterFile('dual.yaml', editedExample([[['terway', 'ipStack'], 'dual']])).problems).toEqual([]);
    expect(actions()).toEqual(expect.arrayContaining(['ecs:AssignIpv6Addresses', 'ecs:UnassignIpv6Addresses']));
  });

  test('GIVEN the policy WHEN read THEN it is the list of Terway docs/ecs.md (v1.17.5), in its order', () => {
    expect(actions()).toEqual([
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
      'vpc:DescribeVSwitches',
    ]);
  });
});
