/**
 * `routes.tf.json`, when the file names a route table (`terraform.routes`): VPC routes toward the data centre's
 * node and pod ranges, through an existing VPN gateway, VBR, router interface or transit router attachment.
 * The physical link and its far end are never created here. The service range needs no route: kube-proxy
 * translates service addresses on each node.
 */
import { CloudContext, described } from './context';
import { block, mergeFiles, resourceAddress, TerraformFile } from '../terraform/json';

export function routesFile(ctx: CloudContext): TerraformFile | undefined {
  const routes = ctx.terraform.routes;
  if (routes === undefined) return undefined;
  const targets = [
    { name: 'onprem_nodes', cidr: ctx.spec.onPrem.nodeCidr, why: 'on-premises nodes' },
    { name: 'onprem_pods', cidr: ctx.spec.onPrem.podCidr, why: 'on-premises pods' },
  ];
  return mergeFiles(
    targets.map((target) =>
      block(resourceAddress('alicloud_route_entry', target.name), {
        route_table_id: routes.routeTableId,
        destination_cidrblock: target.cidr,
        nexthop_type: routes.nextHopType,
        nexthop_id: routes.nextHopId,
        description: described(`to ${target.why}`, ctx),
      }),
    ),
  );
}
