/**
 * The cluster file, in one place. `ClusterFile` (what users write) and `ClusterSpec` (what charts get,
 * defaults applied) are both derived from this schema; nothing else declares the shape.
 *
 * Every leaf carries its "allowed" sentence with `.describe()`, so an error can say what is allowed
 * (see problems.ts). Cross-field rules (zones of the region, the network plan, pool sizes) live in plan.ts.
 */
// The namespace import, as zod's docs write it: esbuild then bundles only the parts used (not zod's 60
// locales: 450 kB less to load at every start).
import * as z from 'zod';
import * as f from './formats';
import { SEALED_VALUE } from '../credentials/sealed-value';
import { today } from './today';
import { versionFindings } from './version-policy';
import { DEFAULT_CONTAINERD_VERSION } from './versions';
import { DEFAULT_TERWAY_ADDON_VERSION } from './cloud-versions';

/**
 * A string field with its format. Every such field is a URL, a name, a path, an ID or a value that reaches a
 * command or an object, so all share one rule first (formats.ts VISIBLE_TEXT): no control, invisible or
 * reordering character, whatever the field's own format would let through.
 */
function formatted(format: f.Format): z.ZodString {
  return (
    z
      .string()
      .superRefine((value, ctx) => {
        const violation = f.formatViolation(format, value);
        if (violation !== undefined) ctx.addIssue({ code: 'custom', message: violation.allowed, params: { hint: violation.hint } });
      })
      // The pattern reaches the JSON Schema (z.toJSONSchema copies metadata), so editors flag what validate refuses.
      .meta(format.pattern === undefined ? { description: format.allowed } : { description: format.allowed, pattern: format.pattern })
  );
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values).describe(f.oneOfAllowed(values));
}

function integer(min: number, max: number) {
  return z.int().min(min).max(max).describe(f.wholeNumberAllowed(min, max));
}

const VSwitch = z
  .strictObject({
    /** The vSwitch's ID, as the VPC console shows it. */
    id: formatted(f.VSWITCH_ID),
    /** Its zone, one of the cluster's region: Terway takes pod addresses only from vSwitches of the node's zone. */
    zone: formatted(f.ZONE),
    /** Its IPv4 block, inside `cloud.vpcCidr`: checked against every other range of the file. */
    cidr: formatted(f.CIDR),
  })
  .describe('a vSwitch: { id, zone, cidr }');

const vSwitchList = (role: string) => z.array(VSwitch).min(1).max(64).describe(`a list of 1 to 64 vSwitches ${role}`);

const NODE_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const;

export const NodeSelectorRequirementSchema = z
  .strictObject({
    /** The label key (or, in matchFields, the field `metadata.name`) the requirement tests. */
    key: formatted(f.LABEL_KEY),
    /** How the key relates to `values`, as in a Kubernetes node selector requirement. */
    operator: oneOf(NODE_SELECTOR_OPERATORS),
    /** The values: at least one with In and NotIn, none with Exists and DoesNotExist, one whole number with Gt and Lt. */
    values: z.array(formatted(f.LABEL_VALUE)).max(100).describe('a list of label values').optional(),
  })
  .superRefine((req, ctx) => {
    const count = req.values?.length ?? 0;
    const needs =
      req.operator === 'In' || req.operator === 'NotIn'
        ? count >= 1 || 'at least one value with In and NotIn'
        : req.operator === 'Exists' || req.operator === 'DoesNotExist'
          ? count === 0 || 'no values with Exists and DoesNotExist'
          : (count === 1 && /^-?[0-9]+$/.test(req.values![0])) || 'exactly one whole number with Gt and Lt';
    if (needs !== true) ctx.addIssue({ code: 'custom', path: ['values'], message: needs, input: req.values });
  })
  .describe('a node selector requirement: { key, operator, values }');

export const NodeSelectorTermSchema = z
  .strictObject({
    /** Requirements on the node's labels, all of which must hold. */
    matchExpressions: z.array(NodeSelectorRequirementSchema).max(50).describe('a list of label requirements').optional(),
    /** Requirements on the node's fields (`metadata.name`), all of which must hold. */
    matchFields: z.array(NodeSelectorRequirementSchema).max(50).describe('a list of field requirements (key metadata.name)').optional(),
  })
  .describe('a node selector term: { matchExpressions, matchFields }');

export const CalicoSchema = z
  .strictObject({
    /** How Calico was installed on-premises: decides which object carries the node affinity. */
    install: oneOf(['manifest', 'operator'] as const).default('manifest'),
    /**
     * The node selector terms Calico's DaemonSet already has: ours are ANDed into each of them, because the
     * term list is replaced as a whole when applied.
     */
    existingNodeSelectorTerms: z
      .array(NodeSelectorTermSchema)
      .min(1)
      .max(20)
      .describe("a list of 1 to 20 node selector terms, as in calico-node's requiredDuringSchedulingIgnoredDuringExecution")
      .optional(),
  })
  .describe('Calico settings: { install, existingNodeSelectorTerms }');

export const OnPremSchema = z
  .strictObject({
    /** The `host:port` of the on-premises kube-apiserver that cloud nodes join (`kubeadm join`); reachable from the VPC. */
    apiServerEndpoint: formatted(f.HOST_PORT),
    /** The on-premises nodes' addresses; may not overlap the pod, service or VPC ranges. */
    nodeCidr: formatted(f.CIDR),
    /** Calico's pool (the on-premises pods' addresses); may not overlap the node, service or VPC ranges. */
    podCidr: formatted(f.CIDR),
    /** kubeadm's `serviceSubnet`; may not overlap the node, pod or VPC ranges. */
    serviceCidr: formatted(f.CIDR),
    /** How Calico is kept off cloud nodes (node affinity on `alibabacloud.com/external`). */
    calico: CalicoSchema.prefault({}),
    /**
     * The version of the on-premises kube-apiserver (the oldest, during an upgrade). When given, a
     * nodeInit.kubernetesVersion newer than it, or more than three minors older, is refused (Kubernetes'
     * version-skew policy). Without it nothing here compares the two: read the server's with `kubectl version`
     * before an upgrade (RUNBOOK step "Upgrade the cloud nodes").
     * @default - not stated: the skew is not checked
     */
    controlPlaneVersion: formatted(f.CONTROL_PLANE_VERSION).optional(),
  })
  .describe('the on-premises cluster: { apiServerEndpoint, nodeCidr, podCidr, serviceCidr, calico, controlPlaneVersion }');

export const CloudSchema = z
  .strictObject({
    /** The VPC's IPv4 block: every vSwitch is inside it, and no on-premises range overlaps it. */
    vpcCidr: formatted(f.CIDR),
    /** The vSwitches of the cluster's own pool of ECS nodes (made by hand, or with `terraform.defaultPoolInstances`); each of `nodePools` sets its own. */
    nodeVSwitches: vSwitchList('where the node pool puts ECS nodes'),
    /** Terway's pod vSwitches (`vswitches` of eni_conf): at least one in every zone with node vSwitches. */
    podVSwitches: vSwitchList('from which Terway takes pod addresses'),
    /** The security groups of the ENIs Terway creates (`security_groups` of eni_conf). */
    securityGroupIds: z.array(formatted(f.SECURITY_GROUP_ID)).min(1).max(10).describe('a list of 1 to 10 security group IDs (Terway accepts at most 10)'),
  })
  .describe('the cloud side: { vpcCidr, nodeVSwitches, podVSwitches, securityGroupIds }');

const RemoteRefSchema = z
  .strictObject({
    /** `remoteRef.key`: the secret's name or path in the store. */
    key: formatted(f.REMOTE_KEY),
    /** `remoteRef.property`: the field of a structured (JSON) secret; the whole value when omitted. */
    property: formatted(f.REMOTE_KEY).optional(),
  })
  .describe('where the value sits in the store: { key, property }');

export const ExternalSecretSchema = z
  .strictObject({
    /** The kind of the external-secrets store: cluster-wide, or a SecretStore in kube-system. */
    storeKind: oneOf(['ClusterSecretStore', 'SecretStore'] as const).default('ClusterSecretStore'),
    /** The store's name (it exists already: ack-hybrid writes only the ExternalSecret). */
    storeName: formatted(f.OBJECT_NAME),
    /** Where the store holds the AccessKey ID (Secret key `access-key-id`). */
    accessKeyId: RemoteRefSchema,
    /** Where the store holds the AccessKey secret (Secret key `access-key-secret`). */
    accessKeySecret: RemoteRefSchema,
    /** How often the ExternalSecret reads the store again: a rotated key reaches Terway within this time. */
    refreshInterval: formatted(f.DURATION).default('1h'),
  })
  .describe('the external-secrets source: { storeKind, storeName, accessKeyId, accessKeySecret, refreshInterval }');

/**
 * Where Terway's AccessKey (Secret kube-system/alibaba-addon-secret) comes from: one shape per mode, so
 * each mode has exactly its own keys (an unknown key names the mode that reads it, see shape.ts) and the
 * charts get a type that needs no "cannot happen" check. The AccessKey itself is never in the file: at
 * most its ciphertext, sealed by `ack-hybrid seal` for the controller's certificate.
 */
const UnmanagedCredentialsSchema = z
  .strictObject({
    /** Where Terway's AccessKey comes from; each mode has its own fields (docs/credentials.md). */
    mode: z.literal('unmanaged').default('unmanaged').describe('"unmanaged"'),
  })
  .describe('{ mode: unmanaged }: you (or onectl) create kube-system/alibaba-addon-secret');

/** The two values of the Secret, sealed (strict scope) for kube-system/alibaba-addon-secret. */
const EncryptedDataSchema = z
  .strictObject({
    /** The AccessKey ID, sealed: ciphertext only the controller can open. */
    'access-key-id': formatted(SEALED_VALUE),
    /** The AccessKey secret, sealed: ciphertext only the controller can open. */
    'access-key-secret': formatted(SEALED_VALUE),
  })
  .describe(
    'the sealed AccessKey: { access-key-id, access-key-secret }, written by `ack-hybrid seal <cluster>` ' +
      '(or by `kubeseal --raw --scope strict --namespace kube-system --name alibaba-addon-secret`)',
  );

const SealedCredentialsSchema = z
  .strictObject({
    mode: z.literal('sealed-secrets').describe('"sealed-secrets"'),
    /** The sealed-secrets controller's certificate, relative to the cluster file: `seal` encrypts for it; synth copies the committed ciphertext. */
    certificate: formatted(f.RELATIVE_FILE).describe(
      'the sealed-secrets controller\'s certificate (kubeseal --fetch-cert), a path relative to the cluster file, required with mode "sealed-secrets"',
    ),
    /** The sealed AccessKey, written by `ack-hybrid seal <cluster>`; a placeholder until then. */
    encryptedData: EncryptedDataSchema,
  })
  .describe('{ mode: sealed-secrets, certificate, encryptedData }');

const ExternalCredentialsSchema = z
  .strictObject({
    mode: z.literal('external-secrets').describe('"external-secrets"'),
    /** The external-secrets store and keys the ExternalSecret reads the AccessKey from. */
    externalSecret: ExternalSecretSchema,
  })
  .describe('{ mode: external-secrets, externalSecret }');

/**
 * No person ever holds the AccessKey: the cloud code creates it (`alicloud_ram_access_key`, its secret only in the
 * Terraform state) and tofu-controller's `writeOutputsToSecret` writes it into kube-system/alibaba-addon-secret.
 * Rule `credentials-needs` requires a `terraform` section (Terway as a RAM user), a `gitops` section and
 * `terraform.runner.mode: tofu-controller` in kube-system (docs/credentials.md).
 */
const CloudManagedCredentialsSchema = z
  .strictObject({
    mode: z.literal('cloud-managed').describe('"cloud-managed"'),
    /**
     * Raise by one to rotate the key: the key is the resource `alicloud_ram_access_key.terway_<keyGeneration>`, so
     * a new generation is a new key (and the old one is deleted) in the next plan. The provider has no argument that
     * would replace a key in place (`user_name`, `secret_file`, `pgp_key` are its only ForceNew arguments).
     * @default 1
     */
    keyGeneration: integer(1, 1000).default(1),
  })
  .describe('{ mode: cloud-managed, keyGeneration }: the cloud code creates the AccessKey and tofu-controller writes the Secret');

/**
 * No AccessKey at all: Terway falls back to the ECS instance's RAM role (its credential chain: AccessKey, then
 * `credential_path`, then ECS metadata; AliyunContainerService/terway v1.17.5 daemon/builder.go). Unverified for the
 * ACK-managed add-on on a registered cluster (docs/credentials.md).
 */
const InstanceRoleCredentialsSchema = z
  .strictObject({
    mode: z.literal('instance-role').describe('"instance-role"'),
  })
  .describe("{ mode: instance-role }: no Secret; Terway acts as the nodes' instance RAM role");

const CREDENTIAL_MODES = ['unmanaged', 'sealed-secrets', 'external-secrets', 'cloud-managed', 'instance-role'] as const;

export const CredentialsSchema = z
  .discriminatedUnion(
    'mode',
    [UnmanagedCredentialsSchema, SealedCredentialsSchema, ExternalCredentialsSchema, CloudManagedCredentialsSchema, InstanceRoleCredentialsSchema],
    {
      // Reached only for a mode that is none of these (a missing mode is "unmanaged").
      error: (issue) => (issue.code === 'invalid_union' ? `one of ${CREDENTIAL_MODES.map((m) => JSON.stringify(m)).join(', ')}` : undefined),
    },
  )
  .describe(
    'Terway credentials: { mode: unmanaged } (the default), { mode: sealed-secrets, certificate, encryptedData }, ' +
      '{ mode: external-secrets, externalSecret }, { mode: cloud-managed, keyGeneration } or { mode: instance-role }',
  );

/**
 * Terway's settings. ack-hybrid applies `eni_conf` of `kube-system/eni-config` with server-side apply, which
 * replaces the whole string: every field Terway needs must come from here, typed as Terway's `Config` struct
 * reads it (AliyunContainerService/terway v1.17.5, types/daemon/config.go). Fields the add-on wrote and this
 * section does not set are dropped at the first sync: RUNBOOK step "Compare eni_conf with the live one" shows them.
 */
export const TerwaySchema = z
  .strictObject({
    /** `max_pool_size`: idle pod addresses a node keeps at most. */
    maxPoolSize: integer(0, 1000).default(5),
    /** `min_pool_size`: idle pod addresses a node keeps at least; at most maxPoolSize. */
    minPoolSize: integer(0, 1000).default(0),
    /**
     * `vswitch_selection_policy`: which pod vSwitch of the node's zone Terway takes addresses from.
     * "ordered" is, despite its name, the vSwitch with the most free addresses first (Terway maps it to
     * its "most" policy: daemon/config.go getENIConfig, pkg/eni/node_reconcile.go, sorted by
     * pkg/vswitch/vswitch.go ByAvailableIP); anything else is a random one. Neither follows list order.
     */
    vswitchSelectionPolicy: z
      .enum(['ordered', 'random'])
      .default('ordered')
      .describe('one of "ordered" (the pod vSwitch with the most free addresses first), "random"'),
    /** `ip_stack`: Terway's Config.Validate accepts "ipv4" and "dual" ("ipv6" is refused there). */
    ipStack: oneOf(['ipv4', 'dual'] as const).default('ipv4'),
    /** `enable_eni_trunking`: trunk ENIs, for pods with their own ENI (PodNetworking); ECS types that support it. */
    enableEniTrunking: z.boolean().default(false).describe('true or false (default)'),
    /**
     * `ipam_type`: "crd" when Terway's control plane (terway-controlplane) allocates ENIs, as the upstream
     * chart's `centralizedIPAM: true` writes it; left out (Terway's default, the daemon allocates) when omitted.
     * Set it to what the live eni_conf has.
     */
    ipamType: oneOf(['crd'] as const).optional(),
    /**
     * `credential_path`: a file with an encrypted add-on token, Terway's second credential source after the
     * AccessKey (daemon/builder.go NewEncryptedFileProvider). Only when the live eni_conf has it.
     */
    credentialPath: formatted(f.TERWAY_FILE_PATH).optional(),
    /**
     * `disable_network_policy`, a key of the eni-config ConfigMap beside eni_conf (not inside it): whether
     * Terway's policy container enforces NetworkPolicy on cloud nodes (see docs/network-policy.md).
     */
    networkPolicy: z
      .enum(['enforced', 'disabled'])
      .default('enforced')
      .describe('one of "enforced" (default: NetworkPolicy holds on cloud nodes too), "disabled"'),
    /** Where Terway's AccessKey (Secret kube-system/alibaba-addon-secret) comes from: no key is ever in this file. */
    credentials: CredentialsSchema.prefault({}),
  })
  .describe(
    'Terway settings: { maxPoolSize, minPoolSize, vswitchSelectionPolicy, ipStack, enableEniTrunking, ipamType, credentialPath, networkPolicy, credentials }',
  );

/**
 * Where the node-init script reads the kubeadm join token at run time: a discriminated union on `type`, so each
 * source has exactly its own fields. The token itself never appears in a cluster file or in dist/.
 * `KUBEADM_JOIN_TOKEN` in the environment always wins (tests, manual runs).
 *
 * Default: `{ type: env }`, kept for files written before the OOS source existed. ACK One never sets
 * KUBEADM_JOIN_TOKEN, so node pools that scale out unattended need `oos-secret-parameter` (docs/node-init-script.md).
 */
// The discriminator says every choice: a wrong or missing type is reported against either member.
const TOKEN_SOURCE_TYPES = 'one of "env" (KUBEADM_JOIN_TOKEN) or "oos-secret-parameter" (an encrypted OOS parameter)';

export const EnvTokenSourceSchema = z
  .strictObject({
    /** Where the node script reads the join token: the environment, or an encrypted OOS parameter. */
    type: z.literal('env').describe(TOKEN_SOURCE_TYPES),
  })
  .describe('{ type: env }: the token is read from KUBEADM_JOIN_TOKEN');

export const OosTokenSourceSchema = z
  .strictObject({
    type: z.literal('oos-secret-parameter').describe(TOKEN_SOURCE_TYPES),
    /** The encrypted OOS parameter that holds the token; `ack-hybrid-<cluster name>-join-token` when omitted. */
    name: formatted(f.OOS_PARAMETER_NAME).optional(),
    /**
     * The node pool's instance RAM role: allowed `oos:GetSecretParameter` on `name` and, because the parameter is
     * KMS-encrypted, KMS `GetSecretValue` (OOS GetSecretParameter API reference, its description; with a
     * parameter encrypted by the user's own KMS key, also kms:Decrypt on that key).
     */
    ramRoleName: formatted(f.RAM_ROLE_NAME),
    /** The parameter's region; the cluster's region when omitted. */
    region: formatted(f.REGION).optional(),
  })
  .describe('{ type: oos-secret-parameter, name, ramRoleName, region }: the token is read from an encrypted OOS parameter');

export const TokenSourceSchema = z
  .discriminatedUnion('type', [EnvTokenSourceSchema, OosTokenSourceSchema], {
    // A type that is neither (or none): the same sentence as the members' own type fields.
    error: (issue) => (issue.code === 'invalid_union' ? TOKEN_SOURCE_TYPES : undefined),
  })
  .describe('where the join token is read at run time: { type: env } (KUBEADM_JOIN_TOKEN) or { type: oos-secret-parameter, ramRoleName, name, region }');

export const JoinSchema = z
  .strictObject({
    /**
     * kubeadm's `--discovery-token-ca-cert-hash`: the SHA-256 of the cluster CA's public key, so a joining node
     * trusts only this control plane (never `--discovery-token-unsafe-skip-ca-verification`).
     */
    caCertHash: formatted(f.SHA256_HASH),
    /** Where the script reads the join token at run time; `oos-secret-parameter` for pools that scale out unattended. */
    tokenSource: TokenSourceSchema.default({ type: 'env' }),
  })
  .describe('how nodes join: { caCertHash, tokenSource }');

export const ContainerdSchema = z
  .strictObject({
    /**
     * The containerd.io package version: one Docker publishes, in containerd's support table for
     * kubernetesVersion (src/config/versions.data.json). Its line decides the config.toml layout and version.
     */
    version: formatted(f.CONTAINERD_VERSION).default(DEFAULT_CONTAINERD_VERSION),
    /** Docker's package repository (containerd.io), or a mirror with the same layout. */
    repository: formatted(f.REPOSITORY_BASE_URL).default('https://download.docker.com'),
    /**
     * The fingerprint of the key that signs `repository`: Docker's own (deb or rpm, by nodeInit.os) when omitted,
     * which mirrors such as mirrors.aliyun.com serve unchanged. Required in effect for a private mirror with its own key.
     */
    keyFingerprint: formatted(f.KEY_FINGERPRINT).optional(),
    /** The sandbox image; when omitted, kubeadm's own for kubernetesVersion's minor (versions.ts defaultPauseImage). */
    pauseImage: formatted(f.IMAGE_REFERENCE)
      .describe(`${f.IMAGE_REFERENCE.allowed}; default: registry.k8s.io/pause at the tag kubeadm of kubernetesVersion's minor expects`)
      .optional(),
    /** A pull-through mirror for docker.io images; docker.io itself when omitted. */
    registryMirror: formatted(f.REGISTRY_MIRROR_URL).optional(),
  })
  .describe('the container runtime: { version, repository, keyFingerprint, pauseImage, registryMirror }');

export const NodeInitSchema = z
  .strictObject({
    /** The kubelet, kubeadm and kubectl version the script installs: not newer than the control plane (docs/versions.md). */
    kubernetesVersion: formatted(f.KUBERNETES_VERSION),
    /** The package family of the cloud nodes' image: `rpm` (Alibaba Cloud Linux 3) or `deb` (Ubuntu). */
    os: oneOf(['rpm', 'deb'] as const).default('rpm'),
    /** Where nodes download the node-init script (`addNodeScriptPath` of ack-agent-config): an OSS URL the VPC reaches. */
    scriptUrl: formatted(f.HTTPS_URL),
    /** pkgs.k8s.io's `core:/stable:` or a mirror with its layout; the script adds `/v1.XX/rpm/` or `/deb/`. */
    kubernetesRepository: formatted(f.REPOSITORY_BASE_URL).default('https://pkgs.k8s.io/core:/stable:'),
    /** The fingerprint of the key that signs kubernetesRepository: pkgs.k8s.io's when omitted (mirrors serve it unchanged). */
    kubernetesRepositoryKeyFingerprint: formatted(f.KEY_FINGERPRINT).optional(),
    /** Refuse kernels below 5.10, which Terway >= 1.14 cannot run on. Turn off only for a kernel you have tested. */
    kernelCheck: z.boolean().default(true).describe('true (default) or false'),
    /** The container runtime the script installs: package, repository, sandbox image, mirror. */
    containerd: ContainerdSchema.prefault({}),
    /** How nodes join the on-premises control plane. */
    join: JoinSchema,
    /**
     * Accept, with a warning, a Kubernetes minor newer than ack-hybrid's version table or a containerd.io build the
     * table does not list (docs/versions.md): the way forward on the day upstream ships one, before a release of
     * ack-hybrid knows it. Pairs outside containerd's support table stay refused.
     */
    allowUntestedVersions: z
      .boolean()
      .default(false)
      .describe("true or false (default): accept a Kubernetes minor or containerd.io build newer than ack-hybrid's version table, with a warning"),
  })
  .superRefine((nodeInit, ctx) => {
    // The fields are known together only here: refusals of version-policy.ts (its warnings are load.ts's).
    if (!f.KUBERNETES_VERSION.test(nodeInit.kubernetesVersion) || !f.CONTAINERD_VERSION.test(nodeInit.containerd.version)) return;
    const findings = versionFindings(
      {
        kubernetesVersion: nodeInit.kubernetesVersion,
        containerdVersion: nodeInit.containerd.version,
        allowUntestedVersions: nodeInit.allowUntestedVersions,
      },
      today(),
    );
    for (const finding of findings.filter((x) => x.severity === 'error')) {
      const input = finding.field[0] === 'kubernetesVersion' ? nodeInit.kubernetesVersion : nodeInit.containerd.version;
      ctx.addIssue({ code: 'custom', path: [...finding.field], message: finding.allowed, input, params: { hint: finding.hint } });
    }
  })
  .describe(
    'the node-init script: { kubernetesVersion, os, scriptUrl, kubernetesRepository, kubernetesRepositoryKeyFingerprint, kernelCheck, containerd, join, allowUntestedVersions }',
  );

export const ArgoCdSchema = z
  .strictObject({
    /** The namespace Argo CD runs in: the Application goes there. */
    namespace: formatted(f.DNS_LABEL).default('argocd'),
    /** The Argo CD project of the Application. */
    project: formatted(f.OBJECT_NAME).default('default'),
    /** The API server Argo CD applies this cluster's objects to; unique per Argo CD namespace across the folder. */
    destinationServer: formatted(f.HTTPS_URL).default('https://kubernetes.default.svc'),
    /** The kubectl image of the PreSync check that the patched objects exist. */
    preflightImage: formatted(f.CONTAINER_IMAGE).optional(),
  })
  .describe('Argo CD settings: { namespace, project, destinationServer, preflightImage }');

export const FluxSchema = z
  .strictObject({
    /** The namespace Flux runs in: the GitRepository and Kustomizations go there. */
    namespace: formatted(f.DNS_LABEL).default('flux-system'),
    /** How often Flux fetches the repository and reconciles. */
    interval: formatted(f.DURATION).default('10m'),
    /** A Secret in the Flux namespace with the Git credentials (username/password or identity/known_hosts). */
    secretRef: formatted(f.OBJECT_NAME).optional(),
  })
  .describe('Flux settings: { namespace, interval, secretRef }');

/** How the GitOps tool finds this cluster's folder; selects the bootstrap objects under dist/gitops/. */
export const GitOpsSchema = z
  .strictObject({
    /** Which GitOps tool applies `dist/`: the bootstrap objects under dist/gitops/ are written for it. */
    tool: oneOf(['argocd', 'flux'] as const),
    /** The Git repository that holds `dist/` (https://, ssh://git@host/path or git@host:path). */
    repoUrl: formatted(f.GIT_URL),
    /** The branch, full commit SHA or (Flux) `refs/tags/<tag>` to deploy. */
    revision: formatted(f.GIT_REVISION).default('main'),
    /**
     * The cluster's folder in the repository; must end in the cluster's name.
     * @default the output folder (--out) relative to the repository root, plus the name
     */
    path: formatted(f.REPO_PATH).optional(),
    /** Argo CD's settings (with `tool: argocd`). */
    argocd: ArgoCdSchema.prefault({}),
    /** Flux's settings (with `tool: flux`, and for tofu-controller's namespace). */
    flux: FluxSchema.prefault({}),
  })
  .describe('GitOps delivery: { tool, repoUrl, revision, path, argocd, flux }');

export const TaintSchema = z
  .strictObject({
    /** The taint's key. */
    key: formatted(f.LABEL_KEY),
    /** The taint's value; empty when omitted. */
    value: formatted(f.LABEL_VALUE).optional(),
    /** What the taint does to pods that do not tolerate it. */
    effect: oneOf(['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const),
  })
  .describe('a taint: { key, value, effect }');

/**
 * What the cloud code (`terraform` section) creates a node pool's ECS instances from: the arguments of
 * `alicloud_cs_kubernetes_node_pool` that the rest of the file does not already say (schema/alicloud-provider).
 */
export const NODE_IMAGE_TYPES = {
  /** Images whose /etc/os-release the node script's `rpm` family accepts (Alibaba Cloud Linux 3: ID="alinux", VERSION_ID="3"). */
  rpm: ['AliyunLinux3', 'AliyunLinux3Arm64'],
  /** Images the `deb` family accepts (ACK's Ubuntu images; the script accepts Ubuntu 22.04 and 24.04). */
  deb: ['Ubuntu'],
} as const;

const ALL_IMAGE_TYPES = [...NODE_IMAGE_TYPES.rpm, ...NODE_IMAGE_TYPES.deb] as const;

const FixedSizeSchema = z
  .strictObject({
    /** A fixed number of nodes, or the cluster autoscaler between `min` and `max`. */
    mode: z.literal('fixed').describe('"fixed" or "autoscaling"'),
    /** `desired_size`: the pool keeps this many nodes. 0 creates the pool empty; scale it when the cluster is ready. */
    nodes: integer(0, 1000).default(0),
  })
  .describe('{ mode: fixed, nodes }: a pool of a fixed size');

const AutoscalingSizeSchema = z
  .strictObject({
    mode: z.literal('autoscaling').describe('"fixed" or "autoscaling"'),
    /** `scaling_config.min_size` */
    min: integer(0, 1000),
    /** `scaling_config.max_size`; at least `min`. */
    max: integer(1, 1000),
  })
  .refine((size) => size.max >= size.min, { path: ['max'], message: 'at least min' })
  .describe('{ mode: autoscaling, min, max }: the cluster autoscaler scales the pool between min and max');

export const PoolSizeSchema = z
  .discriminatedUnion('mode', [FixedSizeSchema, AutoscalingSizeSchema], {
    error: (issue) => (issue.code === 'invalid_union' ? 'one of "fixed" or "autoscaling"' : undefined),
  })
  .describe("the pool's size: { mode: fixed, nodes } (default: 0 nodes) or { mode: autoscaling, min, max }");

export const InstancesSchema = z
  .strictObject({
    /** `instance_types`: tried in order when one is sold out in a zone. */
    types: z.array(formatted(f.INSTANCE_TYPE)).min(1).max(10).describe('a list of 1 to 10 ECS instance types, such as [ecs.g7.xlarge]'),
    /** `image_type`: an image family the node script can drive (its family must match `nodeInit.os`); by `nodeInit.os` when omitted. */
    imageType: oneOf(ALL_IMAGE_TYPES).optional(),
    /** `image_id`: one image of that family, pinned; the family's newest when omitted. */
    imageId: formatted(f.IMAGE_ID).optional(),
    /** `system_disk_category` */
    systemDiskCategory: oneOf(['cloud_essd', 'cloud_auto', 'cloud_essd_entry', 'cloud_ssd', 'cloud_efficiency'] as const).default('cloud_essd'),
    /** `system_disk_size`, GiB: kubelet, containerd's images and logs live there. */
    systemDiskSize: integer(40, 2048).default(120),
    /** How many nodes the pool has: fixed, or autoscaled. */
    size: PoolSizeSchema.default({ mode: 'fixed', nodes: 0 }),
  })
  .describe('the ECS instances of a node pool: { types, imageType, imageId, systemDiskCategory, systemDiskSize, size }');

/**
 * An ACK node pool of cloud nodes. Pod vSwitches and security groups default to the cluster's; a pool
 * that sets other ones gets its own Terway configuration (`eni-config-<pool>`, see charts/terway.ts).
 */
export const NodePoolSchema = z
  .strictObject({
    /** The pool's name, unique in the cluster: the ACK node pool's name and, with its own Terway settings, `eni-config-<name>`. */
    name: formatted(f.DNS_LABEL),
    /** The vSwitches where this pool puts its ECS nodes. */
    nodeVSwitches: vSwitchList('where this node pool puts its ECS nodes'),
    /** Pod vSwitches for this pool's nodes; the cluster's `cloud.podVSwitches` when omitted. */
    podVSwitches: vSwitchList("from which Terway takes pod addresses on this pool's nodes").optional(),
    /** Security groups for the ENIs of this pool's nodes; the cluster's `cloud.securityGroupIds` when omitted. */
    securityGroupIds: z
      .array(formatted(f.SECURITY_GROUP_ID))
      .min(1)
      .max(10)
      .describe("a list of 1 to 10 security group IDs for the ENIs of this pool's nodes")
      .optional(),
    /** Labels kubelet gives the pool's nodes (`--node-labels`), beside those ACK One passes in. */
    labels: z.record(formatted(f.NODE_LABEL_KEY), formatted(f.LABEL_VALUE)).describe('a map of Kubernetes label keys to label values').default({}),
    /** Taints kubelet registers the pool's nodes with (`--register-with-taints`). */
    taints: z.array(TaintSchema).max(20).describe('a list of up to 20 taints: { key, value, effect }').default([]),
    /** What the cloud code creates the pool's ECS instances from; required with a `terraform` section. */
    instances: InstancesSchema.optional(),
  })
  .describe('a node pool: { name, nodeVSwitches, podVSwitches, securityGroupIds, labels, taints, instances }');

/**
 * Who Terway acts as, in the cloud code: the RAM user of today's AccessKey model (created here; its AccessKey
 * stays a hand step, see docs/cloud.md), or an existing RAM role the policy is attached to.
 */
const TerwayRamUserSchema = z
  .strictObject({
    /** A RAM user (with today's AccessKey model) or an existing RAM role. */
    type: z.literal('ram-user').describe('"ram-user" or "ram-role"'),
    /** `ack-hybrid-terway-<cluster name>` when omitted, the name the RUNBOOK has always used. */
    userName: formatted(f.RAM_USER_NAME).optional(),
  })
  .describe("{ type: ram-user, userName }: a RAM user for Terway's AccessKey");

const TerwayRamRoleSchema = z
  .strictObject({
    type: z.literal('ram-role').describe('"ram-user" or "ram-role"'),
    /** An existing RAM role, or the node role (`nodeInit.join.tokenSource.ramRoleName`) that the cloud code creates. */
    roleName: formatted(f.RAM_ROLE_NAME),
  })
  .describe("{ type: ram-role, roleName }: attach Terway's policy to a RAM role");

export const TerwayIdentitySchema = z
  .discriminatedUnion('type', [TerwayRamUserSchema, TerwayRamRoleSchema], {
    error: (issue) => (issue.code === 'invalid_union' ? 'one of "ram-user" or "ram-role"' : undefined),
  })
  .describe('who Terway acts as: { type: ram-user, userName } (default) or { type: ram-role, roleName }');

export const RoutesSchema = z
  .strictObject({
    /** The VPC route table of the node and pod vSwitches. */
    routeTableId: formatted(f.ROUTE_TABLE_ID),
    /** `nexthop_type` of `alicloud_route_entry`: what carries traffic to the data centre. */
    nextHopType: oneOf(['VpnGateway', 'RouterInterface', 'Attachment'] as const),
    /** The VPN gateway, router interface (of a VBR) or transit router attachment; it must exist (the physical link is never created here). */
    nextHopId: formatted(f.NEXT_HOP_ID),
  })
  .describe('routes toward the data centre: { routeTableId, nextHopType, nextHopId }');

/** Minutes in a TOKEN_PERIOD ("24h" → 1440); the format has been checked. */
export function periodMinutes(period: string): number {
  const n = Number(period.slice(0, -1));
  return period.endsWith('d') ? n * 1440 : period.endsWith('h') ? n * 60 : n;
}

/** A TOKEN_PERIOD between two bounds, in minutes, with the sentence that says so. */
function tokenPeriod(min: string, max: string) {
  const allowed = `${f.TOKEN_PERIOD.allowed}, from ${min} to ${max}`;
  return formatted({ ...f.TOKEN_PERIOD, allowed })
    .superRefine((value, ctx) => {
      if (!f.TOKEN_PERIOD.test(value)) return;
      const minutes = periodMinutes(value);
      if (minutes < periodMinutes(min) || minutes > periodMinutes(max)) ctx.addIssue({ code: 'custom', message: allowed });
    })
    .describe(allowed);
}

/**
 * The join token made and rotated by the cloud code itself (docs/cloud.md, "The join token"): two bootstrap-token
 * slots that take turns, each a Secret `kube-system/bootstrap-token-<id>` written through the kubernetes provider;
 * the OOS parameter holds the newer slot's token. The relation between the three periods is rule
 * `join-token-lifetime`'s (rules/join-token.ts).
 */
const RotatingJoinTokenSchema = z
  .strictObject({
    /** Who makes the join token in OOS: the cloud code, rotating it (default), or the operator. */
    mode: z.literal('rotating').describe('"rotating" or "supplied"'),
    /** A new token every this long; each slot lives two periods, so the previous token stays in the cluster one more. */
    rotateEvery: tokenPeriod('1h', '30d').default('24h'),
    /** Each token's `expiration`, counted from its slot's start: at least max(2 × rotateEvery, rotateEvery + applyInterval + 30m). */
    lifetime: tokenPeriod('2h', '60d').default('48h'),
    /**
     * The longest time between two applies of the join-token module `cloud/join-token/`: the `spec.interval` of its
     * own tofu-controller object (which approves every plan), or how often your schedule applies it by hand.
     * Rotation happens only at an apply.
     */
    applyInterval: tokenPeriod('1m', '7d').default('1h'),
  })
  .describe('{ mode: rotating, rotateEvery, lifetime, applyInterval }: the cloud code creates and rotates the join token');

/** Today's model: the operator creates the token (`kubeadm token create`) and gives it as the sensitive variable `join_token`. */
const SuppliedJoinTokenSchema = z
  .strictObject({
    mode: z.literal('supplied').describe('"rotating" or "supplied"'),
  })
  .describe('{ mode: supplied }: the operator gives the token as the sensitive variable join_token');

export const JoinTokenSchema = z
  .discriminatedUnion('mode', [RotatingJoinTokenSchema, SuppliedJoinTokenSchema], {
    error: (issue) => (issue.code === 'invalid_union' ? 'one of "rotating" or "supplied"' : undefined),
  })
  .describe('where the join token in OOS comes from: { mode: rotating, rotateEvery, lifetime, applyInterval } (default: 24h, 48h, 1h) or { mode: supplied }');

/**
 * A plan tofu-controller may apply: "manual" (a person approves each plan), "auto", or the ID of one pending plan as
 * the controller prints it (`plan-<branch>-<10 hex>`, or `plan-sha1:<5 hex>` for a revision pinned to a commit:
 * flux-iac/tofu-controller v0.16.5 api/planid/plain_id.go). The controller approves any plan whose ID starts with
 * `approvePlan` (controllers/tf_controller_apply.go shouldApply), so only whole IDs are accepted: a prefix such as
 * "plan-main-" would approve every plan of the branch.
 */
const PLAN_APPROVAL: f.Format = {
  allowed: '"manual", "auto", or a whole plan ID as tofu-controller prints it, such as plan-main-1a2b3c4d5e',
  test: (v) => v === 'manual' || v === 'auto' || (/^plan-(?:[A-Za-z0-9._/-]{1,200}-[0-9a-f]{10}|sha1:[0-9a-f]{5})$/.test(v) && !v.includes('..')),
  hint: (v) => (/^plan-/.test(v) ? 'copy the whole ID from `kubectl get terraform`: a prefix would approve more than one plan' : undefined),
};

/** Where tofu-controller keeps the state: the controller's Kubernetes backend, or the `oss` backend of versions.tf.json. */
const KubernetesStateSchema = z
  .strictObject({
    /** Where tofu-controller keeps the state: a Secret in its namespace, or an OSS bucket. */
    backend: z.literal('kubernetes').describe('"kubernetes" or "oss"'),
  })
  .describe("{ backend: kubernetes }: a Secret tfstate-default-<cluster> in the Terraform object's namespace");

const OssStateSchema = z
  .strictObject({
    backend: z.literal('oss').describe('"kubernetes" or "oss"'),
    /**
     * A Secret in the runner's namespace whose keys are the `oss` backend's settings (bucket, prefix, region,
     * tablestore_endpoint, tablestore_table…), given to `init` as `-backend-config` (`backendConfigsFrom`).
     */
    configSecret: formatted(f.OBJECT_NAME),
  })
  .describe('{ backend: oss, configSecret }: the oss backend of versions.tf.json, configured from a Secret');

export const StateSchema = z
  .discriminatedUnion('backend', [KubernetesStateSchema, OssStateSchema], {
    error: (issue) => (issue.code === 'invalid_union' ? 'one of "kubernetes" or "oss"' : undefined),
  })
  .describe('where tofu-controller keeps the state: { backend: kubernetes } (default) or { backend: oss, configSecret }');

/**
 * tofu-controller (flux-iac/tofu-controller v0.16.5) plans and applies `cloud/` in the cluster: a `Terraform`
 * object in the GitOps bootstrap (docs/gitops.md). Only with a `gitops` section: without one there is no bootstrap.
 */
const TofuControllerRunnerSchema = z
  .strictObject({
    /** tofu-controller plans and applies `cloud/` (a Terraform object in the GitOps bootstrap), or nobody here does. */
    mode: z.literal('tofu-controller').describe('"tofu-controller" or "none"'),
    /**
     * The namespace of the Terraform object, its runner pod and its state. tofu-controller writes outputs only into
     * this namespace (controllers/tf_controller_outputs.go), so with `terway.credentials.mode: cloud-managed` it is
     * kube-system, the namespace of alibaba-addon-secret.
     * @default kube-system with credentials cloud-managed, else gitops.flux.namespace (flux-system)
     */
    namespace: formatted(f.DNS_LABEL).optional(),
    /**
     * `spec.interval`: how often the controller plans again (drift detection); a new Git revision is planned at once.
     * @default 1h
     */
    interval: formatted(f.DURATION).default('1h'),
    /**
     * `spec.approvePlan`: "manual" leaves it out (a person approves, by setting this field to the plan's ID),
     * "auto" applies every plan.
     * @default manual
     */
    approvePlan: formatted(PLAN_APPROVAL).default('manual'),
    /**
     * `spec.serviceAccountName`: the runner pod's service account, which the controller's Helm chart creates in the
     * namespaces of `runner.serviceAccount.allowedNamespaces`.
     * @default tf-runner
     */
    serviceAccountName: formatted(f.OBJECT_NAME).default('tf-runner'),
    /**
     * A Secret in the runner's namespace whose keys become the runner's environment (`runnerPodTemplate.spec.envFrom`):
     * `TF_VAR_join_token` and the provider's credentials (ALIBABA_CLOUD_*). Created by hand (RUNBOOK).
     * @default ack-hybrid-<cluster name>-tofu
     */
    envSecret: formatted(f.OBJECT_NAME).optional(),
    /**
     * The Git credentials of the GitRepository written for the controller when it cannot use Flux's own (Argo CD,
     * or a namespace other than Flux's): a Secret of that namespace.
     * @default gitops.flux.secretRef with Flux, else none (a public repository)
     */
    gitSecretRef: formatted(f.OBJECT_NAME).optional(),
    /** Where the state of `cloud/` is kept. */
    state: StateSchema.default({ backend: 'kubernetes' }),
  })
  .describe('{ mode: tofu-controller, namespace, interval, approvePlan, serviceAccountName, envSecret, gitSecretRef, state }');

/** You (or CI) run tofu on `cloud/`; no Terraform object is written. */
const NoRunnerSchema = z
  .strictObject({ mode: z.literal('none').describe('"tofu-controller" or "none"') })
  .describe('{ mode: none }: no Terraform object; you run tofu yourself');

export const RunnerSchema = z
  .discriminatedUnion('mode', [TofuControllerRunnerSchema, NoRunnerSchema], {
    error: (issue) => (issue.code === 'invalid_union' ? 'one of "tofu-controller" or "none"' : undefined),
  })
  .describe('who plans and applies cloud/: { mode: tofu-controller, … } (default) or { mode: none }');

/**
 * The cloud code: when present, `dist/<cluster>/cloud/` holds OpenTofu/Terraform JSON for the aliyun/alicloud
 * provider (docs/cloud.md). Absent in files written before it existed, so their output does not change.
 */
export const TerraformSchema = z
  .strictObject({
    /** The VPC of the cloud nodes: the script's bucket lets only this VPC read it (`acs:SourceVpc`), and routes go in it. */
    vpcId: formatted(f.VPC_ID),
    /** Who Terway acts as in the cloud: the RAM user the cloud code creates, or an existing RAM role. */
    terwayIdentity: TerwayIdentitySchema.default({ type: 'ram-user' }),
    /** The terway-eniip add-on's version, pinned (`alicloud_cs_kubernetes_addon.version`). */
    terwayAddonVersion: formatted(f.ADDON_VERSION).default(DEFAULT_TERWAY_ADDON_VERSION),
    /** Create the bucket of `nodeInit.scriptUrl` (private, with its policy); false when it exists and is managed elsewhere. */
    createScriptBucket: z.boolean().default(true).describe('true (default) or false'),
    /** The ECS instances of the default pool, on `cloud.nodeVSwitches`; required when there is no node pool. */
    defaultPoolInstances: InstancesSchema.optional(),
    /** Routes from the VPC toward the data centre, through an existing gateway; none are written when omitted. */
    routes: RoutesSchema.optional(),
    /** Rotating (default): no person handles the token. Supplied: today's sensitive variable. */
    joinToken: JoinTokenSchema.prefault({ mode: 'rotating' }),
    /** Who plans and applies `cloud/`: tofu-controller, from the GitOps bootstrap, unless `{ mode: none }`. */
    runner: RunnerSchema.prefault({ mode: 'tofu-controller' }),
  })
  .describe('the cloud code: { vpcId, terwayIdentity, terwayAddonVersion, createScriptBucket, defaultPoolInstances, routes, joinToken, runner }');

export const ClusterFileSchema = z
  .strictObject({
    /** The cluster's name, unique across the folder: output goes to `dist/<name>/`. */
    name: formatted(f.CLUSTER_NAME),
    /** The ID ACK One gave the registered cluster. */
    clusterId: formatted(f.CLUSTER_ID),
    /** The Alibaba Cloud region of the VPC and the cloud nodes. */
    region: formatted(f.REGION),
    /** The on-premises kubeadm cluster: its API server, network ranges and Calico. */
    onPrem: OnPremSchema,
    /** The VPC the cloud nodes and their pods live in. */
    cloud: CloudSchema,
    /** Terway's settings: kube-system/eni-config, and where its AccessKey comes from. */
    terway: TerwaySchema.prefault({}),
    /** The node-init script that makes an ECS instance a node of this cluster. */
    nodeInit: NodeInitSchema,
    /** How a GitOps tool applies this cluster's folder; no bootstrap objects when omitted. */
    gitops: GitOpsSchema.optional(),
    /** ACK node pools of cloud nodes, each with its own vSwitches, labels, taints and (with `terraform`) instances. */
    nodePools: z.array(NodePoolSchema).max(100).describe('a list of up to 100 node pools').default([]),
    /** The cloud side as OpenTofu/Terraform JSON in `dist/<name>/cloud/`; none when omitted. */
    terraform: TerraformSchema.optional(),
  })
  .describe('a cluster file: { name, clusterId, region, onPrem, cloud, terway, nodeInit, gitops, nodePools, terraform }');

/** What a user may write: defaulted fields are optional. */
export type ClusterFile = z.input<typeof ClusterFileSchema>;

/** What charts and templates get: validated, defaults applied, frozen. */
export type ClusterSpec = DeepReadonly<z.output<typeof ClusterFileSchema>>;
export type VSwitchSpec = ClusterSpec['cloud']['podVSwitches'][number];
export type GitOpsSpec = NonNullable<ClusterSpec['gitops']>;
export type CredentialsSpec = ClusterSpec['terway']['credentials'];
export type CredentialsMode = CredentialsSpec['mode'];
export type NodeSelectorTermSpec = NonNullable<ClusterSpec['onPrem']['calico']['existingNodeSelectorTerms']>[number];
export type NodePoolSpec = ClusterSpec['nodePools'][number];
export type TokenSourceSpec = ClusterSpec['nodeInit']['join']['tokenSource'];
export type TerraformSpec = NonNullable<ClusterSpec['terraform']>;
export type JoinTokenSpec = TerraformSpec['joinToken'];
export type RotatingJoinTokenSpec = Extract<JoinTokenSpec, { readonly mode: 'rotating' }>;
export type RunnerSpec = TerraformSpec['runner'];
export type TofuControllerRunnerSpec = Extract<RunnerSpec, { mode: 'tofu-controller' }>;
export type InstancesSpec = NonNullable<NodePoolSpec['instances']>;
export type TaintSpec = NodePoolSpec['taints'][number];

type DeepReadonly<T> = T extends readonly (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
