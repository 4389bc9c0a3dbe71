/**
 * The registry of rules across fields, run in this order on every cluster file (see rule.ts). Adding a
 * rule: a module in this folder exporting a `Rule`, listed here, with a line in docs/cluster-file.md and a
 * case under test/catalog/.
 */
import { apiServerEndpoint } from './api-server-endpoint';
import { vpcPrefix, vSwitchPrefix } from './cloud-prefixes';
import { credentialsNeeds } from './credentials';
import { gitopsPath } from './gitops-path';
import { joinTokenLifetime } from './join-token';
import { poolLabels, poolNames, poolTaints } from './node-pools';
import { onPremRanges } from './on-prem-ranges';
import { podVSwitchZones } from './pod-vswitch-zones';
import { poolSizes } from './pool-sizes';
import { Rule } from './rule';
import { securityGroups } from './security-groups';
import { terraformNeeds } from './terraform';
import { versionSkew } from './version-skew';
import { vSwitches } from './vswitches';

export type { Rule } from './rule';

export const RULES: readonly Rule[] = [
  onPremRanges,
  apiServerEndpoint,
  vpcPrefix,
  vSwitchPrefix,
  vSwitches,
  podVSwitchZones,
  securityGroups,
  poolNames,
  poolLabels,
  poolTaints,
  poolSizes,
  gitopsPath,
  terraformNeeds,
  versionSkew,
  joinTokenLifetime,
  credentialsNeeds,
];
