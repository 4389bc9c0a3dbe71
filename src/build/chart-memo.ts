/**
 * The objects of a chart, made once per distinct props in a run. A chart's objects depend on its props
 * alone (charts/chart-objects.ts), and in a fleet many clusters give a chart the same props: Calico's
 * exclusion of cloud nodes, Argo CD's preflight check, the credentials' store. Made once, their objects are
 * also written as YAML once (object-files.ts keeps the text per object).
 *
 * A small cache of the most recently used props: a chart whose props are every cluster's own (Terway's IDs)
 * does not go through it (ownChartPart). The objects are shared between clusters and never changed.
 */
import type { ChartObject } from '../../charts/chart-objects';
import { KubeObject } from '../kubernetes/render';

/** A chart's objects (in the order the chart makes them) and which of them are shells (apply-policy.ts). */
export interface ChartPart {
  readonly objects: readonly KubeObject[];
  /** `apiVersion kind namespace name` of each shell. */
  readonly shells: ReadonlySet<string>;
}

/** How the shells are named in ChartPart.shells. */
export function objectKey(o: { readonly apiVersion: string; readonly kind: string; readonly namespace?: string; readonly name: string }): string {
  return `${o.apiVersion} ${o.kind} ${o.namespace ?? ''} ${o.name}`;
}

/** Enough for the charts a fleet shares, a few variants each. */
const CAPACITY = 64;
const cache = new Map<string, ChartPart>();

/**
 * The part `objectsOf` makes for `props`, from the cache when a chart of this `kind` was made for equal props
 * (equal as JSON) before.
 */
export function chartPart<P>(kind: string, props: P, objectsOf: (props: P) => readonly ChartObject[]): ChartPart {
  const key = `${kind}\n${JSON.stringify(props)}`;
  const cached = cache.get(key);
  if (cached !== undefined) {
    // Most recently used last: Map keeps insertion order, so the first key is the least recently used.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const part = ownChartPart(objectsOf(props));
  cache.set(key, part);
  if (cache.size > CAPACITY) cache.delete(cache.keys().next().value!);
  return part;
}

/**
 * The part of a chart made for one cluster only, without the cache: for charts whose props hold what the
 * fleet rules make unique per cluster (an ACK cluster ID, a script URL), where a lookup could never hit and
 * would only cost a JSON text of the props per cluster.
 */
export function ownChartPart(objects: readonly ChartObject[]): ChartPart {
  const shells = new Set<string>();
  for (const { manifest, policy } of objects) {
    if (policy === 'shell') shells.add(objectKey({ apiVersion: manifest.apiVersion, kind: manifest.kind, namespace: manifest.metadata.namespace, name: manifest.metadata.name }));
  }
  return { objects: objects.map((o) => o.manifest), shells };
}
