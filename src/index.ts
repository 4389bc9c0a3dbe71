/**
 * ack-hybrid as a library for cdk8s apps: the charts of a hybrid cluster (on-premises kubeadm + Calico,
 * registered with ACK One, grown with ECS nodes on Terway), the cluster-file loader and validator, and the
 * bundle builder that the `ack-hybrid` command uses. docs/library.md shows a cdk8s app built with it.
 *
 * cdk8s and constructs are peer dependencies: the charts join the app's own construct tree.
 *
 * @packageDocumentation
 */
import type { AckAgentChartProps as AckAgentProps } from '../charts/ack-agent';
import type { CalicoChartProps as CalicoProps } from '../charts/calico';
import type { NodeSelectorTermInput as NodeSelectorTerm } from '../charts/node-affinity';
import type { TerwayChartProps as TerwayProps } from '../charts/terway';
import type { TerwayCredentialsChartProps as TerwayCredentialsProps } from '../charts/terway-credentials';
import { LoadedCluster as Loaded, parseClusterFile } from './config/load';
import { Problem } from './config/problems';
import { ClusterFileSchema as Schema, ClusterSpec } from './config/schema';

// Charts: one per concern, each usable on its own in any cdk8s App.

/** Keeps Calico's calico-node off cloud nodes (node affinity), for the manifest or the operator install. */
export { CalicoChart } from '../charts/calico';
/** Props of {@link CalicoChart}; every field is optional. */
export type CalicoChartProps = CalicoProps;
/** A node selector term, as in a Kubernetes node affinity: `{ matchExpressions, matchFields }`. */
export type NodeSelectorTermInput = NodeSelectorTerm;
/** One requirement of a node selector term: `{ key, operator, values }`. */
export type { NodeSelectorRequirementInput } from '../charts/node-affinity';
/** Terway's `eni-config` (and one per node pool that needs its own) for the cloud nodes. */
export { TerwayChart } from '../charts/terway';
/** Props of {@link TerwayChart}: the cluster's own IDs and ranges are required, the pool sizes have defaults. */
export type TerwayChartProps = TerwayProps;
/** What of a node pool Terway cares about; unset fields are the cluster's. */
export type { NodePoolTerwaySettings } from '../charts/terway';
/** Points ACK One's registration agent at the node-init script (`ack-agent-config`). */
export { AckAgentChart } from '../charts/ack-agent';
/** Props of {@link AckAgentChart}: the https URL cloud nodes download the node-init script from. */
export type AckAgentChartProps = AckAgentProps;
/** Terway's AccessKey Secret from sealed-secrets or external-secrets; never the key itself in clear. */
export { TerwayCredentialsChart } from '../charts/terway-credentials';
/** Props of {@link TerwayCredentialsChart}: the sealed values, or where external-secrets reads them. */
export type TerwayCredentialsChartProps = TerwayCredentialsProps;
/** Where a value sits in an external secret store: `{ key, property }`. */
export type { RemoteRef } from '../charts/terway-credentials';
/** The GitOps charts: Argo CD Application, ApplicationSet and PreSync check; Flux source, Kustomizations and preflight folder. */
export { ArgoCdApplicationChart, ArgoCdApplicationSetChart, ArgoCdPreflightChart, FluxBootstrapChart, FluxPreflightFolderChart } from '../charts/gitops';
/** Props of the GitOps charts, where a cluster's folder is in the repository, and an object that must exist. */
export type {
  ArgoCdApplicationProps,
  ArgoCdApplicationSetProps,
  ArgoCdPreflightProps,
  FluxBootstrapProps,
  FluxPreflightFolderProps,
  ObjectRef,
  RepoLocation,
} from '../charts/gitops';

// Cluster files: load, validate, types.

/** Loads and validates every `*.yaml` of a folder; throws {@link InvalidClustersError} with all problems at once. */
export { loadClusters } from './config/load';
/** A validated cluster file: where it is, its spec with defaults applied, and its warnings (docs/versions.md). */
export type LoadedCluster = Loaded;
/** The zod schema of a cluster file: the one place its shape is declared (`ClusterFileSchema.parse` checks shape only; {@link validateClusterFile} also the rules across fields). */
export const ClusterFileSchema = Schema;
/** A cluster file as written (fields with defaults optional), and as validated (defaults applied, read-only). */
export type { ClusterFile, ClusterSpec } from './config/schema';
/** A problem in a cluster file, located to line and column; one line per problem with {@link formatProblem}. */
export { formatProblem } from './config/problems';
/** One problem: file, line, column, field, what was found and what is allowed. */
export type { Problem } from './config/problems';
/** A mistake of the user's, and every problem of every cluster file at once. */
export { UserError, InvalidClustersError } from './config/problems';
/** What a chart used on its own throws for a prop its cluster-file field would refuse: the prop, the value, what is allowed. */
export { ChartPropsError } from '../charts/props';
/** The JSON Schema (draft 2020-12) of a cluster file, for editors, and where the published copy is. */
export { clusterJsonSchema, jsonSchemaOf, SCHEMA_KINDS, SCHEMA_URL, schemaUrl } from './config/json-schema';
export type { SchemaKind } from './config/json-schema';

// The bundle: what `ack-hybrid synth` writes.

/** Every file of every cluster (path → content), the charts of one cluster, and the options of a build. */
export { buildBundle, clusterCharts } from './build/bundle';
/** The bundle type (output path → file content) and its build options. */
export type { Bundle, BundleOptions } from './build/bundle';
/**
 * Writes a bundle as the whole content of an output folder, atomically, rewriting only what changed, with the
 * manifest (ack-hybrid-manifest.txt) of what it wrote: it replaces only what an earlier manifest lists.
 */
export { writeBundle } from './output/write';

/** The result of {@link validateClusterFile}: the spec when the file is valid, else its problems. */
export interface ValidationResult {
  /** The validated spec, defaults applied and frozen; undefined when there are problems. */
  readonly spec?: ClusterSpec;
  /** Every problem found, located to line and column of `text`; empty when the file is valid. */
  readonly problems: readonly Problem[];
  /** What a valid file is accepted with but should change (a version past its end of life); empty otherwise. */
  readonly warnings: readonly Problem[];
}

/**
 * Validates the text of one cluster file (YAML), with the same checks as `ack-hybrid validate`: the
 * schema and the rules across fields (network plan, zones, pool sizes). Never throws for bad input.
 *
 * @param file - the name to show in problems, such as `clusters/idc-hangzhou.yaml`
 * @param text - the file's content
 */
export function validateClusterFile(file: string, text: string): ValidationResult {
  const { spec, problems, warnings } = parseClusterFile(file, text);
  return spec ? { spec, problems, warnings } : { problems, warnings };
}
