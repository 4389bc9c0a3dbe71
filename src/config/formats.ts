/**
 * Field formats of the cluster file: each a predicate plus the sentence that says what is allowed.
 * The sentence is shown to users as "allowed: …", so it is written for them.
 */
import { parseCidr } from './cidr';

export interface Format {
  /** What is allowed, as shown in error messages. */
  readonly allowed: string;
  readonly test: (value: string) => boolean;
  /** For a value that fails `test`: the likely fix, when one can be guessed ("did you mean …?"). */
  readonly hint?: (value: string) => string | undefined;
}

function regexFormat(re: RegExp, allowed: string, hint?: (value: string) => string | undefined): Format {
  return { allowed, test: (v) => re.test(v), hint };
}

// RFC 1123 label, as Kubernetes checks namespace and cluster names.
export const DNS_LABEL = regexFormat(
  /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  'a DNS-1123 label: 1 to 63 lowercase letters, digits or "-", starting and ending with a letter or digit',
);

export const CLUSTER_ID = regexFormat(/^c[0-9a-f]{32}$/, 'an ACK cluster ID: "c" followed by 32 lowercase hex digits');

// Region IDs: cn-hangzhou, ap-southeast-1, cn-shanghai-finance-1, us-west-1.
export const REGION = regexFormat(
  /^[a-z]{2,}(-[a-z]+)+(-[0-9]+)?$/,
  'an Alibaba Cloud region ID such as cn-hangzhou or ap-southeast-1',
);

export const ZONE = regexFormat(
  /^[a-z]{2,}(-[a-z]+)+(-[0-9]+[a-z]|-[a-z])$/,
  'an Alibaba Cloud zone ID such as cn-hangzhou-h or ap-southeast-1a',
);

export const VSWITCH_ID = regexFormat(/^vsw-[a-z0-9]{1,60}$/, 'a vSwitch ID: "vsw-" followed by lowercase letters and digits');

export const SECURITY_GROUP_ID = regexFormat(
  /^sg-[a-z0-9]{1,60}$/,
  'a security group ID: "sg-" followed by lowercase letters and digits',
);

export const SHA256_HASH = regexFormat(/^sha256:[0-9a-f]{64}$/, '"sha256:" followed by 64 lowercase hex digits', (v) => {
  if (/^[0-9a-fA-F]{64}$/.test(v)) return 'add the "sha256:" prefix, as kubeadm prints it';
  if (/^sha256:[0-9a-fA-F]{64}$/i.test(v)) return 'write it in lowercase';
  if (/^sha256:[0-9a-fA-F]*$/i.test(v)) return `it has ${v.length - 'sha256:'.length} hex digits: copy the whole hash`;
  return undefined;
});

export const KUBERNETES_VERSION = regexFormat(
  /^1\.(2[4-9]|[3-9][0-9])\.(0|[1-9][0-9]*)$/,
  'a Kubernetes version "1.y.z" with y at least 24 (the first minor on pkgs.k8s.io), written as a quoted string',
  (v) => {
    if (/^v[0-9]+\.[0-9]+\.[0-9]+$/.test(v)) return `drop the "v": ${JSON.stringify(v.slice(1))}`;
    if (/^1\.[0-9]+$/.test(v)) return `give the patch release too, such as "${v}.0"`;
    if (/^1\.(1?[0-9]|2[0-3])\.[0-9]+$/.test(v)) return 'pkgs.k8s.io has no packages before 1.24: upgrade the on-premises cluster first';
    return undefined;
  },
);

export const CIDR: Format = {
  allowed: 'an IPv4 CIDR in canonical form, all address bits past the prefix zero, such as 10.0.0.0/12',
  test: (v) => {
    const cidr = parseCidr(v);
    return cidr !== undefined && cidr.canonical === v;
  },
  hint: (v) => {
    const cidr = parseCidr(v);
    if (cidr) return `did you mean ${JSON.stringify(cidr.canonical)}?`;
    if (parseCidr(`${v}/32`)) return 'add the prefix length, such as "/24"';
    const parts = /^([0-9.]+)\/([0-9]+)$/.exec(v);
    if (parts && Number(parts[2]) > 32) return 'the prefix length is at most 32';
    if (parts && /(^|\.)0[0-9]/.test(parts[1])) return 'write the address without leading zeros';
    return undefined;
  },
};

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/i;
const IPV4 = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

export const HOST_PORT: Format = {
  allowed: 'host:port, with an IPv4 address or DNS name and a port from 1 to 65535, such as 192.168.0.10:6443',
  test: (v) => {
    const m = /^([^:]+):([0-9]{1,5})$/.exec(v);
    if (!m) return false;
    const port = Number(m[2]);
    if (port < 1 || port > 65535 || String(port) !== m[2]) return false;
    return IPV4.test(m[1]) || (HOSTNAME.test(m[1]) && !/^[0-9.]+$/.test(m[1]));
  },
  hint: (v) => {
    if (/^[a-z]+:\/\//i.test(v)) return 'drop the scheme: only host and port, as kubeadm join takes them';
    if (!v.includes(':')) return 'add the port, usually :6443';
    return undefined;
  },
};

export const HTTPS_URL: Format = {
  allowed: 'an https:// URL with a host and no user name or password in it',
  test: (v) => {
    if (/\s/.test(v)) return false;
    try {
      const url = new URL(v);
      return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  },
  hint: (v) => {
    const space = v.search(/\s/);
    if (space >= 0) return `it has white space at character ${space + 1}: percent-encode it, a space as %20`;
    if (/^http:\/\//i.test(v)) return 'use https://: the node runs this script as root, it must not travel in clear text';
    if (/^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(v)) return 'remove the user name and password: the URL is stored in a ConfigMap';
    if (!/^[a-z][a-z0-9+.-]*:/i.test(v)) return 'write the whole URL, starting with https://';
    return undefined;
  },
};

/** The zone must be one of the region's: cn-hangzhou-h in cn-hangzhou, ap-southeast-1a in ap-southeast-1. */
export function zoneInRegion(zone: string, region: string): boolean {
  const suffix = /[0-9]$/.test(region) ? /^[a-z]$/ : /^-[a-z]$/;
  return zone.startsWith(region) && suffix.test(zone.slice(region.length));
}
