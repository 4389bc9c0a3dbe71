/**
 * Kubernetes objects to files: a fixed kind order and predictable file names (as `tk export` does),
 * so that pull-request diffs stay small and readable.
 */
import { stringify } from 'yaml';
import { emitYaml } from './yaml-emit';
import { compareStrings } from '../config/text';

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/**
 * Objects that others depend on come first (Helm's install order): credentials and configuration before
 * the workloads that read them, GitOps sources before what syncs from them. Unknown kinds go last.
 */
export const KIND_ORDER: readonly string[] = [
  'Namespace',
  'CustomResourceDefinition',
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'SealedSecret',
  'ExternalSecret',
  'Secret',
  'ConfigMap',
  'DaemonSet',
  'Installation',
  'Job',
  'GitRepository',
  'Kustomization',
  'AppProject',
  'Application',
  'ApplicationSet',
];

export function sortByKind<T extends KubeObject>(objects: readonly T[]): T[] {
  const rank = (kind: string) => {
    const i = KIND_ORDER.indexOf(kind);
    return i < 0 ? KIND_ORDER.length : i;
  };
  return [...objects].sort(
    (a, b) =>
      rank(a.kind) - rank(b.kind) ||
      compareStrings(a.kind, b.kind) ||
      compareStrings(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
      compareStrings(a.metadata.name, b.metadata.name),
  );
}

/** `<kind>.<namespace>.<name>.yaml`, lowercase kind; cluster-scoped objects have no namespace part. */
export function objectFileName(object: KubeObject): string {
  const namespace = object.metadata.namespace ? `${object.metadata.namespace}.` : '';
  return `${object.kind.toLowerCase()}.${namespace}${object.metadata.name}.yaml`;
}

/**
 * YAML with no line folding and literal blocks for multi-line strings (embedded JSON stays readable). Plain
 * JSON, which every object and file we write is, goes through yaml-emit.ts: the same bytes, without a yaml
 * Document per value.
 */
export function toYaml(value: unknown): string {
  return emitYaml(value) ?? stringify(value, { lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false });
}
