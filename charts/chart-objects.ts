/**
 * A chart's objects as a function of its props. Every chart of ack-hybrid makes its objects here, as plain
 * manifests, and its construct only adds them to the cdk8s tree (addChartObjects): a cdk8s app of your own
 * composes the charts as any other, and the bundle writes the same objects without a construct tree per
 * cluster. cdk8s resolves every value of every object through the App it is in (cdk8s 2.70 `resolve.js`: an
 * `App.of()` and a context object per value), which was a tenth of `check` on a fleet; the manifests here are
 * plain JSON, which resolves to itself. test/chart-objects.test.ts holds `Chart.toJson()` equal to them.
 */
import { ApiObject, Chart } from 'cdk8s';
import type { KubeObject } from '../src/kubernetes/render';
import { ApplyPolicy, markApplyPolicy, withPolicyAnnotations } from './apply-policy';

/** One object of a chart. */
export interface ChartObject {
  /** Its construct id in the chart. */
  readonly id: string;
  /** The object as cdk8s writes it (see canonicalManifest); shared and never changed. */
  readonly manifest: KubeObject;
  /** How a GitOps tool may treat it (apply-policy.ts); its annotations are in the manifest already. @default - none */
  readonly policy?: ApplyPolicy;
}

/** What a manifest must have before it is made canonical; the L1 classes' static `manifest()` gives it. */
export interface ManifestInput {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** An object of a chart: `manifest` with the annotations of `policy`, in cdk8s's form. */
export function chartObject(id: string, manifest: ManifestInput, policy?: ApplyPolicy): ChartObject {
  return { id, manifest: canonicalManifest(policy === undefined ? manifest : withPolicyAnnotations(manifest, policy)), policy };
}

/** Adds `objects` to `chart`, each as an ApiObject that cdk8s writes as its manifest, its policy recorded. */
export function addChartObjects(chart: Chart, objects: readonly ChartObject[]): void {
  for (const object of objects) {
    const apiObject = new ApiObject(chart, object.id, object.manifest);
    if (object.policy !== undefined) markApplyPolicy(apiObject, object.policy);
  }
}

/**
 * The form cdk8s 2.70 writes an ApiObject of plain JSON in (`ApiObject.toJson`, `ApiObjectMetadataDefinition.toJson`,
 * `_util.sanitizeValue`): `apiVersion`, `kind` and `metadata` first, then the other keys sorted, every mapping's
 * keys sorted, null and undefined values left out; in `metadata` also empty lists and mappings. The YAML
 * files keep this order, so a pull-request diff shows a value, never a key moving.
 */
export function canonicalManifest(manifest: ManifestInput): KubeObject {
  const { apiVersion, kind, metadata, ...rest } = manifest;
  const body = sanitized(rest, false) as Record<string, unknown>;
  return { apiVersion, kind, metadata: sanitized(metadata, true) as KubeObject['metadata'], ...body };
}

function sanitized(value: unknown, dropEmpty: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (dropEmpty && value.length === 0) return undefined;
    return value.map((item: unknown) => sanitized(item, dropEmpty));
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  // A class instance (a cdk8s Lazy, an IntOrString) is not plain JSON: cdk8s would resolve it, nothing here does.
  if (proto !== Object.prototype && proto !== null) throw new Error(`a chart object holds a ${(value as object).constructor.name}, not plain JSON`);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = sanitized((value as Record<string, unknown>)[key], dropEmpty);
    if (item === undefined) continue;
    // A key `__proto__` stays a key: assigned, it would set the object's prototype (as cdk8s's sanitizeValue does).
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return dropEmpty && Object.keys(out).length === 0 ? undefined : out;
}
