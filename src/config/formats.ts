/**
 * Field formats of the cluster file: each a predicate plus the sentence that says what is allowed.
 * The sentence is shown to users as "allowed: …", so it is written for them.
 */
import { parseCidr } from './cidr';
import { KUBELET_LABEL_RULE, kubeletMaySetLabel } from './kubelet-labels';
import { DEFAULT_CONTAINERD_VERSION, KUBERNETES_MINORS, VERSIONS_CHECKED } from './versions';
import { hiddenCharacter } from '../escape/terminal';

export interface Format {
  /** What is allowed, as shown in error messages. */
  readonly allowed: string;
  readonly test: (value: string) => boolean;
  /** For a value that fails `test`: the likely fix, when one can be guessed ("did you mean …?"). */
  readonly hint?: (value: string) => string | undefined;
  /**
   * The same rule as an ECMA-262 regular expression, for the JSON Schema editors read (`pattern`); only where
   * `test` is exactly one such expression without flags (editors compile patterns without the `u` flag).
   * @default - none: the check is code (lengths, parsed addresses, several steps)
   */
  readonly pattern?: string;
}

/**
 * The rule every formatted field shares (schema.ts applies it before the field's own format): no control,
 * invisible or reordering character. A right-to-left override or a zero-width space in a URL, a name, a
 * path or a command makes the reviewed diff show another value than the one used; a tag character in a
 * runbook command is copied into a terminal unseen. The set is the one terminal output escapes.
 */
export const VISIBLE_TEXT = 'no control, invisible or reordering characters';

/** Why `value` breaks the VISIBLE_TEXT rule, naming the character and where it is; undefined when it does not. */
export function hiddenCharacterProblem(value: string): string | undefined {
  const hidden = hiddenCharacter(value);
  if (hidden === undefined) return undefined;
  return `${hidden.escaped} at character ${hidden.index + 1} is invisible or reorders the text: delete it`;
}

/**
 * What is wrong with `value` in `format`, as an "allowed" sentence and a hint; undefined when nothing is. The one
 * place both checks run in order (VISIBLE_TEXT first): the schema's formatted fields and the charts' props.
 */
export function formatViolation(format: Format, value: string): { readonly allowed: string; readonly hint?: string } | undefined {
  const hidden = hiddenCharacterProblem(value);
  if (hidden !== undefined) return { allowed: `${format.allowed}, with ${VISIBLE_TEXT}`, hint: hidden };
  if (!format.test(value)) return { allowed: format.allowed, hint: format.hint?.(value) };
  return undefined;
}

/** The "allowed" sentence of a whole number between two bounds. */
export function wholeNumberAllowed(min: number, max: number): string {
  return `a whole number from ${min} to ${max}`;
}

/** The "allowed" sentence of a choice among `values`. */
export function oneOfAllowed(values: readonly string[]): string {
  return `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
}

function regexFormat(re: RegExp, allowed: string, hint?: (value: string) => string | undefined): Format {
  return { allowed, test: (v) => re.test(v), hint, ...(re.flags === '' ? { pattern: re.source } : {}) };
}

// RFC 1123 label, as Kubernetes checks namespace and cluster names.
export const DNS_LABEL = regexFormat(
  /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  'a DNS-1123 label: 1 to 63 lowercase letters, digits or "-", starting and ending with a letter or digit',
);

// Kubernetes label and taint keys: an optional DNS-subdomain prefix and "/", then a name of up to 63 characters.
const LABEL_NAME = '[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
const DNS_SUBDOMAIN = '(?=[^/]{1,253}/)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
export const LABEL_KEY = regexFormat(
  new RegExp(`^(${DNS_SUBDOMAIN}/)?${LABEL_NAME}$`),
  'a Kubernetes label key: an optional DNS-subdomain prefix and "/", then 1 to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
);

// A node label key that kubelet also accepts in --node-labels: one rule, kubelet-labels.ts, which the node
// script renders into its own check too.
// The kubelet rule is said in the hint, for the keys it refuses: most mistakes here are plain syntax.
export const NODE_LABEL_KEY: Format = {
  allowed: LABEL_KEY.allowed,
  test: (v) => LABEL_KEY.test(v) && kubeletMaySetLabel(v),
  hint: (v) => (LABEL_KEY.test(v) && !kubeletMaySetLabel(v) ? `kubelet refuses to set this key; allowed is ${KUBELET_LABEL_RULE}` : undefined),
};

export const LABEL_VALUE = regexFormat(
  new RegExp(`^(${LABEL_NAME})?$`),
  'a Kubernetes label value: empty, or 1 to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
);

export const CLUSTER_ID = regexFormat(/^c[0-9a-f]{32}$/, 'an ACK cluster ID: "c" followed by 32 lowercase hex digits');

// Region IDs: cn-hangzhou, ap-southeast-1, cn-shanghai-finance-1, us-west-1.
export const REGION = regexFormat(/^[a-z]{2,}(-[a-z]+)+(-[0-9]+)?$/, 'an Alibaba Cloud region ID such as cn-hangzhou or ap-southeast-1');

export const ZONE = regexFormat(/^[a-z]{2,}(-[a-z]+)+(-[0-9]+[a-z]|-[a-z])$/, 'an Alibaba Cloud zone ID such as cn-hangzhou-h or ap-southeast-1a');

export const VSWITCH_ID = regexFormat(/^vsw-[a-z0-9]{1,60}$/, 'a vSwitch ID: "vsw-" followed by lowercase letters and digits');

export const SECURITY_GROUP_ID = regexFormat(/^sg-[a-z0-9]{1,60}$/, 'a security group ID: "sg-" followed by lowercase letters and digits');

export const SHA256_HASH = regexFormat(/^sha256:[0-9a-f]{64}$/, '"sha256:" followed by 64 lowercase hex digits', (v) => {
  if (/^[0-9a-fA-F]{64}$/.test(v)) return 'add the "sha256:" prefix, as kubeadm prints it';
  if (/^sha256:[0-9a-fA-F]{64}$/i.test(v)) return 'write it in lowercase';
  if (/^sha256:[0-9a-fA-F]*$/i.test(v)) return `it has ${v.length - 'sha256:'.length} hex digits: copy the whole hash`;
  return undefined;
});

const { oldest: K8S_OLDEST, newest: K8S_NEWEST } = KUBERNETES_MINORS;

// The oldest minor is kubeadm v1beta4's first (versions.data.json). A minor newer than the table passes the format:
// version-policy.ts refuses it, or accepts it behind nodeInit.allowUntestedVersions, knowing that setting.
export const KUBERNETES_VERSION: Format = {
  allowed: `a Kubernetes version "1.y.z" with y from ${K8S_OLDEST} to ${K8S_NEWEST} (ack-hybrid's table, checked ${VERSIONS_CHECKED}; a newer y with nodeInit.allowUntestedVersions), written as a quoted string`,
  test: (v) => {
    const m = /^1\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/.exec(v);
    return m !== null && Number(m[1]) >= K8S_OLDEST;
  },
  hint: (v) => {
    if (/^v[0-9]+\.[0-9]+\.[0-9]+$/.test(v)) return `drop the "v": ${JSON.stringify(v.slice(1))}`;
    if (/^1\.[0-9]+$/.test(v)) return `give the patch release too, such as "${v}.0"`;
    const minor = /^1\.([0-9]+)\.[0-9]+$/.exec(v);
    if (minor && Number(minor[1]) < K8S_OLDEST) {
      return `1.${minor[1]} is out of upstream support and older than kubeadm's v1beta4 JoinConfiguration: upgrade the on-premises cluster to 1.${K8S_OLDEST} or later first`;
    }
    return undefined;
  },
};

// The on-premises kube-apiserver's version, as `kubectl version` prints it without the "v": any "1.y.z", since
// the rule version-skew compares it with nodeInit.kubernetesVersion rather than with ack-hybrid's table.
export const CONTROL_PLANE_VERSION = regexFormat(
  /^1\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/,
  'the version of the on-premises kube-apiserver "1.y.z", as `kubectl version` prints it (without the "v"), written as a quoted string',
  (v) => (/^v1\.[0-9]+\.[0-9]+$/.test(v) ? `drop the "v": ${JSON.stringify(v.slice(1))}` : undefined),
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

/** An IPv4 address, or a DNS name that is not made of digits and dots only (`999.1.1.1`, `...` are neither). */
function isHost(host: string): boolean {
  return IPV4.test(host) || (HOSTNAME.test(host) && !/^[0-9.]+$/.test(host));
}

/** A TCP port: 1 to 65535, written without leading zeros. */
function isPort(port: string): boolean {
  return /^[1-9][0-9]{0,4}$/.test(port) && Number(port) <= 65535;
}

export const HOST_PORT: Format = {
  allowed: 'host:port, with an IPv4 address or DNS name and a port from 1 to 65535, such as 192.168.0.10:6443',
  test: (v) => {
    const m = /^([^:]+):([0-9]{1,5})$/.exec(v);
    return m !== null && isPort(m[2]) && isHost(m[1]);
  },
  hint: (v) => {
    if (/^[a-z]+:\/\//i.test(v)) return 'drop the scheme: only host and port, as kubeadm join takes them';
    if (!v.includes(':')) return 'add the port, usually :6443';
    return undefined;
  },
};

/**
 * The characters RFC 3986 allows in a URI (section 2: unreserved, reserved and "%"), so nothing else: no
 * space, quote, backslash, "<>", "{}", "|", "^", "`" or non-ASCII character. A URL is written as it is into
 * ConfigMaps, Applications, repository files and the runbook: what a reviewer reads must be what is used,
 * so an international host is written in punycode and everything else percent-encoded.
 */
const NOT_URI_CHARACTER = /[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/u;
/** A "%" that does not start an escape of two hex digits (RFC 3986 section 2.1). */
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

interface UrlRules {
  /** The schemes allowed, in lower case: the URL must start with `<scheme>://` exactly. */
  readonly schemes: readonly string[];
  /** Schemes that may carry a user name (never a password): `ssh://git@host/…`. */
  readonly userSchemes?: readonly string[];
  /** A repository base: no query or fragment, no trailing "/", only characters a repository file takes literally. */
  readonly base?: boolean;
  /** At least one path segment after the host. */
  readonly path?: boolean;
}

/**
 * Why `value` is not a URL by `rules`, in words that say what to change; undefined when it is one. Each
 * step is a single pass over the value (no backtracking regular expression), so the check is linear in
 * the value's length.
 */
function urlProblem(value: string, rules: UrlRules): string | undefined {
  const shownSchemes = rules.schemes.map((s) => `${s}://`).join(' or ');
  const space = value.search(/\s/);
  if (space >= 0) return `it has white space at character ${space + 1}: percent-encode it, a space as %20`;
  const bad = NOT_URI_CHARACTER.exec(value);
  if (bad !== null) {
    return `it has ${JSON.stringify(bad[0])} at character ${bad.index + 1}, which a URL cannot hold as it is: percent-encode it (a host in punycode)`;
  }
  const percent = value.search(BAD_PERCENT);
  if (percent >= 0) return `the "%" at character ${percent + 1} does not start a percent escape of two hex digits: write "%" itself as %25`;
  const scheme = rules.schemes.find((s) => value.startsWith(`${s}://`));
  if (scheme === undefined) {
    const written = /^([A-Za-z][A-Za-z0-9+.-]*):(\/*)/.exec(value);
    if (written === null) return `write the whole URL, starting with ${shownSchemes}`;
    const lower = written[1].toLowerCase();
    if (lower === 'http' && rules.schemes.includes('https')) return 'use https://: the node runs this script as root, it must not travel in clear text';
    if (!rules.schemes.includes(lower)) return `write a URL starting with ${shownSchemes}`;
    if (lower !== written[1]) return `write the scheme in lower case, ${lower}://, as every tool that reads it expects`;
    return `write two slashes after "${lower}:", as in ${lower}://host/path`;
  }
  const rest = value.slice(scheme.length + 3);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const after = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    const user = authority.slice(0, at);
    if (!(rules.userSchemes ?? []).includes(scheme) || user.includes(':')) return 'remove the user name and password: the URL is stored in a ConfigMap';
    if (!/^[a-z_][a-z0-9_.-]*$/i.test(user)) return `the user name ${JSON.stringify(user)} is not a plain name such as git`;
  }
  const hostPort = authority.slice(at + 1);
  const colon = hostPort.lastIndexOf(':');
  const host = colon < 0 ? hostPort : hostPort.slice(0, colon);
  if (host === '') return `give a host after ${scheme}://`;
  if (!isHost(host)) return `the host ${JSON.stringify(host)} is neither a DNS name (labels of letters, digits and "-", joined by ".") nor an IPv4 address`;
  if (colon >= 0 && !isPort(hostPort.slice(colon + 1))) return `the port ${JSON.stringify(hostPort.slice(colon + 1))} is not a whole number from 1 to 65535`;
  if (rules.base) {
    if (/[?#]/.test(after)) return 'drop the query and fragment: the script appends the rest of the path';
    if (after.endsWith('/')) return 'drop the trailing "/": the script appends the rest of the path';
    if (!/^(\/[A-Za-z0-9._~:@%+-]+)*$/.test(after))
      return 'path segments of letters, digits and "._~:@%+-" only, no empty ones (yum would expand "$", and more)';
  }
  if (rules.path && !/^\/[^/?#]/.test(after)) return `give the path after the host, as in ${scheme}://host/path`;
  try {
    new URL(value);
  } catch {
    return 'it is not a URL that can be parsed';
  }
  return undefined;
}

function urlFormat(allowed: string, rules: UrlRules): Format {
  return { allowed, test: (v) => urlProblem(v, rules) === undefined, hint: (v) => urlProblem(v, rules) };
}

export const HTTPS_URL: Format = urlFormat('an https:// URL with a host and no user name or password in it', { schemes: ['https'] });

/** The zone must be one of the region's: cn-hangzhou-h in cn-hangzhou, ap-southeast-1a in ap-southeast-1. */
export function zoneInRegion(zone: string, region: string): boolean {
  const suffix = /[0-9]$/.test(region) ? /^[a-z]$/ : /^-[a-z]$/;
  return zone.startsWith(region) && suffix.test(zone.slice(region.length));
}

/**
 * A package repository base URL, without a trailing slash: the script appends the rest of the layout.
 * Only characters a repository file (yum expands `$`) and a URL both take literally.
 */
export const REPOSITORY_BASE_URL = urlFormat(
  'an https:// URL without a trailing "/", query or user name, such as https://pkgs.k8s.io/core:/stable: or https://mirrors.aliyun.com/kubernetes-new/core/stable',
  { schemes: ['https'], base: true },
);

// containerd "x.y.z"; which versions Docker published and which pair with the Kubernetes version is checked
// by version-policy.ts through the schema (NodeInitSchema), which sees both fields.
export const CONTAINERD_VERSION = regexFormat(
  /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/,
  `a containerd version "x.y.z" that Docker publishes as containerd.io, such as "${DEFAULT_CONTAINERD_VERSION}", written as a quoted string`,
);

/** One path component of an image name (distribution/reference's grammar, lower case): alphanumeric at both ends. */
const IMAGE_COMPONENT = /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const IMAGE_DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * Whether `value` is `[registry[:port]/]path[:tag][@sha256:digest]`, read by splitting at "@", the last ":"
 * and "/" rather than by one regular expression: the overlapping repetitions such a pattern needs made a
 * long value take seconds to refuse (a 240 KB file over a minute). Linear in the value's length.
 */
function isImage(value: string, pinned: { readonly registry: boolean; readonly tagOrDigest: boolean }): boolean {
  let name = value;
  let tagged = false;
  const at = name.indexOf('@');
  if (at >= 0) {
    if (!IMAGE_DIGEST.test(name.slice(at + 1))) return false;
    name = name.slice(0, at);
    tagged = true;
  }
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    if (!IMAGE_TAG.test(name.slice(colon + 1))) return false;
    name = name.slice(0, colon);
    tagged = true;
  }
  if (pinned.tagOrDigest && !tagged) return false;
  const [first, ...path] = name.split('/');
  const port = first.indexOf(':');
  const host = port < 0 ? first : first.slice(0, port);
  if (port >= 0 && (path.length === 0 || !isPort(first.slice(port + 1)))) return false;
  // The first component is a registry when a path follows and it has a "." or a port, or is localhost (as Docker reads it).
  const isRegistry = path.length > 0 && (port >= 0 || host.includes('.') || host === 'localhost');
  if (pinned.registry && (path.length === 0 || !isHost(host))) return false;
  if (isRegistry && !isHost(host)) return false;
  return (isRegistry || pinned.registry ? path : [host, ...path]).every((c) => IMAGE_COMPONENT.test(c));
}

// registry[:port]/path[:tag][@sha256:digest], with a tag or a digest: a moving default is not pinned.
export const IMAGE_REFERENCE: Format = {
  allowed: 'an image reference with a registry host and a tag or digest, such as registry.k8s.io/pause:3.10',
  test: (v) => isImage(v, { registry: true, tagOrDigest: true }),
};

const KUBEADM_TOKEN = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;

// OOS secret parameter names, by Alibaba Cloud's API reference for CreateSecretParameter and GetSecretParameter
// (https://help.aliyun.com/zh/oos/developer-reference/api-oos-2019-06-01-createsecretparameter, "Name"): letters,
// digits, "-" and "_", at most 180 characters, not starting with ALIYUN, ACS, ALIBABA, ALICLOUD or OOS. "/" is
// not among the allowed characters there; path-style names appear only in GetSecretParametersByPath, so they
// are refused. The reserved prefixes are refused in any letter case (the docs write them in capitals).
// A name shaped like a kubeadm token is refused: that is the secret pasted into the wrong field.
export const OOS_RESERVED_PREFIXES = ['ALIYUN', 'ACS', 'ALIBABA', 'ALICLOUD', 'OOS'] as const;
/** The reserved prefix `name` starts with, in any letter case; only its first characters are upper-cased. */
function oosReservedPrefix(name: string): string | undefined {
  const head = name.slice(0, 8).toUpperCase();
  return OOS_RESERVED_PREFIXES.find((p) => head.startsWith(p));
}

export const OOS_PARAMETER_NAME: Format = {
  allowed: `an OOS secret parameter name: 1 to 180 letters, digits, "-" or "_" (no "/"), starting with a letter or digit, not with ${OOS_RESERVED_PREFIXES.join(', ')} (not the token itself)`,
  test: (v) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,179}$/.test(v) && oosReservedPrefix(v) === undefined && !KUBEADM_TOKEN.test(v),
  hint: (v) => {
    if (v.includes('/')) return `OOS secret parameter names take no "/": such as ${JSON.stringify(v.replace(/^\/+/, '').replace(/\//g, '-'))}`;
    const reserved = oosReservedPrefix(v);
    if (reserved) return `names starting with ${reserved} are reserved by Alibaba Cloud: add your own prefix`;
    if (/^[-_]/.test(v)) return 'the node script passes the name to the aliyun CLI, which would read a leading "-" as an option: start with a letter or digit';
    return undefined;
  },
};

// An OpenPGP v4 key fingerprint: 40 hex digits, as `gpg --with-colons` prints it (no spaces).
export const KEY_FINGERPRINT = regexFormat(
  /^[0-9A-F]{40}$/,
  'an OpenPGP key fingerprint: 40 uppercase hex digits without spaces, as gpg --with-colons --show-keys prints it',
  (v) => (/^[0-9A-Fa-f ]+$/.test(v) && v.replace(/ /g, '').length === 40 ? `write it as ${JSON.stringify(v.replace(/ /g, '').toUpperCase())}` : undefined),
);

// Starting with a letter or digit: the node script passes it to the aliyun CLI, which reads "-…" as an option.
export const RAM_ROLE_NAME = regexFormat(
  /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/,
  'a RAM role name: 1 to 64 letters, digits, "." or "-", starting with a letter or digit',
  (v) =>
    /^[-.]/.test(v)
      ? 'the node script passes the role to the aliyun CLI, which would read a leading "-" as an option: start with a letter or digit'
      : undefined,
);

export const REGISTRY_MIRROR_URL = urlFormat(
  'an https:// registry mirror URL without a trailing "/", query or user name, such as https://docker-mirror.example.com',
  { schemes: ['https'], base: true },
);
// A cluster's name is also its output folder, next to dist/gitops/ (the GitOps bootstrap objects).
export const CLUSTER_NAME: Format = {
  allowed: `${DNS_LABEL.allowed}, other than "gitops" (the folder of the GitOps bootstrap objects)`,
  test: (v) => DNS_LABEL.test(v) && v !== 'gitops',
};

// RFC 1123 subdomain: names of Kubernetes objects (secrets, stores, projects).
export const OBJECT_NAME = regexFormat(
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  'a Kubernetes object name: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit',
);

/**
 * A Git repository both Argo CD and Flux can clone: https://host/path, ssh://user@host[:port]/path, or the
 * scp form user@host:path (written as ssh:// for Flux, which only takes URLs). No password in the URL:
 * credentials belong in the tool's repository secret.
 */
export const GIT_URL: Format = {
  allowed: 'a Git URL: https://host/path, ssh://git@host/path or git@host:path, with no password in it',
  test: (v) => gitUrlProblem(v) === undefined,
  hint: (v) => gitUrlProblem(v),
};
export const SCP_GIT_URL = /^([a-z_][a-z0-9_.-]*)@([a-z0-9.-]+):(?!\/)([^\s:]+)$/i;

function gitUrlProblem(value: string): string | undefined {
  const scp = SCP_GIT_URL.exec(value);
  if (scp === null) return urlProblem(value, { schemes: ['https', 'ssh'], userSchemes: ['ssh'], path: true });
  const bad = NOT_URI_CHARACTER.exec(value);
  if (bad !== null) return `it has ${JSON.stringify(bad[0])} at character ${bad.index + 1}, which a Git URL cannot hold as it is: percent-encode it`;
  if (BAD_PERCENT.test(value)) return 'a "%" that does not start a percent escape of two hex digits: write "%" itself as %25';
  if (!isHost(scp[2])) return `the host ${JSON.stringify(scp[2])} is neither a DNS name nor an IPv4 address`;
  return undefined;
}

export const GIT_REVISION = regexFormat(
  /^(?![/.-])(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._/-]{1,200}(?<![/.])$/,
  'a branch, tag or commit: letters, digits, ".", "_", "-" and "/", such as main or release/1.2',
);

// Not starting with "-": the runbook passes it to kubectl, which would take it for an option.
export const REPO_PATH = regexFormat(
  /^(?![/-])(?!.*\/\/)(?!(.*\/)?\.\.?(\/|$))[A-Za-z0-9._/-]{1,200}(?<!\/)$/,
  'a folder inside the repository, relative, not starting with "-", without ".." or a trailing "/", such as dist/idc-hangzhou',
);

// Go's time.Duration as the Flux and external-secrets CRDs take it.
/** A path inside Terway's container: absolute, plain characters, no `..`. */
export const TERWAY_FILE_PATH: Format = {
  allowed: 'an absolute path in Terway\'s container, such as /var/addon/token-config, of letters, digits, ".", "_", "-" and "/"',
  test: (v) => /^(\/[A-Za-z0-9._-]+)+$/.test(v) && v.length <= 255 && !v.split('/').includes('..'),
};

export const DURATION = regexFormat(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, 'a duration such as 30s, 10m or 1h30m');

/**
 * A period of the rotating join token: a whole number of minutes, hours or days. Whole minutes because the time
 * provider counts `rotation_minutes` and `offset_minutes` as integers (hashicorp/time v0.14.0,
 * internal/provider/resource_time_rotating.go, resource_time_offset.go).
 */
export const TOKEN_PERIOD = regexFormat(/^[1-9][0-9]{0,5}(m|h|d)$/, 'a whole number of minutes, hours or days, such as 90m, 24h or 7d');

export const RELATIVE_FILE = regexFormat(
  /^(?![/-])[^\0\n]{1,500}$/,
  'a file path relative to the cluster file, not starting with "-", such as certs/sealed-secrets.pem',
);

export const CONTAINER_IMAGE: Format = {
  allowed: 'a container image reference such as registry.k8s.io/kubectl:v1.30.4',
  test: (v) => isImage(v, { registry: false, tagOrDigest: false }),
};

// A key in a secret store: free text for most providers, but never spaces at the ends or control characters.
export const REMOTE_KEY = regexFormat(/^(?! )\P{Cc}{1,500}(?<! )$/u, 'the key of the secret in the store (1 to 500 characters)');

// --- The `terraform` section (the cloud code under dist/<cluster>/cloud/) ---

export const VPC_ID = regexFormat(/^vpc-[a-z0-9]{1,60}$/, 'a VPC ID: "vpc-" followed by lowercase letters and digits');

export const ROUTE_TABLE_ID = regexFormat(/^vtb-[a-z0-9]{1,60}$/, 'a VPC route table ID: "vtb-" followed by lowercase letters and digits');

// The next hop of a route toward the data centre: a VPN gateway, a router interface (a VBR's) or a transit router's VPC attachment.
export const NEXT_HOP_ID = regexFormat(
  /^(vpn|ri|tr-attach)-[a-z0-9]{1,60}$/,
  'a next hop ID: a VPN gateway ("vpn-…"), a router interface ("ri-…") or a transit router attachment ("tr-attach-…")',
);

// ECS instance types: "ecs." then family and size, such as ecs.g7.xlarge or ecs.c8y.2xlarge.
export const INSTANCE_TYPE = regexFormat(/^ecs\.[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'an ECS instance type such as ecs.g7.xlarge', (v) =>
  /^[a-z0-9-]+\.[a-z0-9-]+$/.test(v) ? `add the "ecs." prefix: "ecs.${v}"` : undefined,
);

// ECS image IDs, such as aliyun_3_x64_20G_alibase_20250629.vhd or m-bp1abc…
export const IMAGE_ID = regexFormat(
  /^[A-Za-z0-9][A-Za-z0-9_.-]{1,127}$/,
  'an ECS image ID, such as m-bp1a2b3c4d5e6f7g8h9i0 or aliyun_3_x64_20G_alibase_20250629.vhd',
);

// RAM user names: 1 to 64 letters, digits, ".", "-" or "_" (RAM CreateUser, UserName).
export const RAM_USER_NAME = regexFormat(/^[A-Za-z0-9._-]{1,64}$/, 'a RAM user name: 1 to 64 letters, digits, ".", "-" or "_"');

// ACK add-on versions, as the ACK console and DescribeClusterAddonsVersion write them: "v1.17.5".
export const ADDON_VERSION = regexFormat(/^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/, 'an ACK add-on version such as "v1.17.5"', (v) =>
  /^[0-9]+\.[0-9]+\.[0-9]+$/.test(v) ? `add the "v", as ACK writes add-on versions: "v${v}"` : undefined,
);
