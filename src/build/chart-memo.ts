/**
 * The objects of a chart, built once per distinct props in a run. A chart's objects depend on its props
 * alone (every object names itself; nothing reads the chart's id or App), and in a fleet many clusters give
 * a chart the same props: Calico's exclusion of cloud nodes, Argo CD's preflight check, the credentials'
 * store. Building and resolving such a chart again for each of 10,000 clusters was a sixth of `check`.
 *
 * A small cache of the most recently used props: a chart whose props are every cluster's own (Terway's IDs)
 * passes through it without growing it. The objects are shared between clusters and never changed.
 */
import { App, Chart } from 'cdk8s';
import { shellObjects } from '../../charts/apply-policy';
import { KubeObject } from '../kubernetes/render';

/** A chart's objects (in the order toJson() gives them) and which of them are shells (apply-policy.ts). */
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
 * The part of the chart `make` builds (in an App of its own) for `props`, from the cache when a chart of this
 * `kind` was built for equal props (equal as JSON) before.
 */
export function chartPart<P>(kind: string, props: P, make: (app: App, props: P) => Chart): ChartPart {
  const key = `${kind}\n${JSON.stringify(props)}`;
  const cached = cache.get(key);
  if (cached !== undefined) {
    // Most recently used last: Map keeps insertion order, so the first key is the least recently used.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const part = builtPart(make(new App(), props));
  cache.set(key, part);
  if (cache.size > CAPACITY) cache.delete(cache.keys().next().value!);
  return part;
}

/**
 * The part of a chart built for one cluster only, without the cache: for charts whose props hold what the
 * fleet rules make unique per cluster (an ACK cluster ID, a script URL), where a lookup could never hit and
 * would only cost a JSON text of the props per cluster.
 */
export function ownChartPart<P>(props: P, make: (app: App, props: P) => Chart): ChartPart {
  return builtPart(make(new App(), props));
}

function builtPart(chart: Chart): ChartPart {
  const objects = chart.toJson() as KubeObject[];
  const shells = new Set(shellObjects(chart).map((o) => objectKey({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.name })));
  return { objects, shells };
}
