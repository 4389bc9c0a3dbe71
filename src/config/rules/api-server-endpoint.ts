/**
 * The address cloud nodes join (kubeadm join <host:port>) must be one they can reach across CEN: not an
 * address that means "this machine" on the node itself, and not one inside the cluster's own virtual ranges.
 * Special blocks from RFC 6890 (IANA special-purpose registry): 0.0.0.0/8 "this network", 127.0.0.0/8
 * loopback, 169.254.0.0/16 link-local.
 */
import { contains, parseCidr } from '../cidr';
import { HOST_PORT } from '../formats';
import { stringAt } from './context';
import { Rule } from './rule';

const SPECIAL = [
  { cidr: parseCidr('0.0.0.0/8')!, what: 'an unspecified ("this network") address' },
  { cidr: parseCidr('127.0.0.0/8')!, what: 'a loopback address: on a cloud node it is the node itself' },
  { cidr: parseCidr('169.254.0.0/16')!, what: 'a link-local address, not routed (and 169.254.0.0/16 holds the metadata services)' },
];

export const apiServerEndpoint: Rule = {
  name: 'api-server-endpoint',
  description: 'onPrem.apiServerEndpoint is not loopback, unspecified or link-local, and not inside the service or pod range',
  check(ctx) {
    const path = ['onPrem', 'apiServerEndpoint'];
    const endpoint = stringAt(ctx.data, path);
    if (endpoint === undefined || !HOST_PORT.test(endpoint)) return;
    const host = endpoint.slice(0, endpoint.lastIndexOf(':'));
    const allowed = 'the address of the on-premises API server (or its load balancer) that cloud nodes reach across CEN';
    if (/^localhost$/i.test(host) || /\.localhost$/i.test(host)) {
      ctx.report(path, `"${endpoint}", a loopback name: on a cloud node it is the node itself`, allowed);
      return;
    }
    const address = parseCidr(`${host}/32`);
    if (!address) return; // a DNS name: what it resolves to is not known here
    const special = SPECIAL.find((s) => contains(s.cidr, address));
    if (special) {
      ctx.report(path, `"${endpoint}", ${special.what}`, allowed);
      return;
    }
    for (const key of ['serviceCidr', 'podCidr'] as const) {
      const range = ctx.rangeAt(['onPrem', key]);
      if (range && contains(range.cidr, address)) {
        ctx.report(
          path,
          `"${endpoint}", inside ${ctx.named(range)}: a virtual ${key === 'serviceCidr' ? 'service' : 'pod'} address a node cannot reach before it has joined`,
          allowed,
        );
      }
    }
  },
};
