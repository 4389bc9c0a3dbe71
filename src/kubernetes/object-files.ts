/**
 * Kubernetes objects to the files of one output folder, the same for a cluster's folder and for the
 * gitops/ folders: one file per object (src/kubernetes/render.ts names and orders them) and a kustomization.yaml
 * that lists them, so `kubectl apply -k <folder>` and GitOps tools take the folder as it is.
 */
import { KubeObject, objectFileName, sortByKind, toYaml } from './render';

/**
 * The YAML of objects that several clusters share (src/build/chart-memo.ts gives them the same object): written
 * once. Weak: an object no chart part holds any longer takes its text with it.
 */
const yamlOf = new WeakMap<KubeObject, string>();

function objectYaml(object: KubeObject): string {
  let yaml = yamlOf.get(object);
  if (yaml === undefined) {
    yaml = toYaml(object);
    yamlOf.set(object, yaml);
  }
  return yaml;
}

/**
 * File name → content: one YAML file per object, in kind order, then kustomization.yaml listing them, and after
 * them `folders` (subfolders with a kustomization.yaml of their own, such as a bootstrap's `tofu/`).
 */
export function objectFiles(objects: readonly KubeObject[], folders: readonly string[] = []): Map<string, string> {
  const files = new Map<string, string>();
  for (const object of sortByKind(objects)) files.set(objectFileName(object), objectYaml(object));
  const resources = [...files.keys(), ...folders];
  files.set('kustomization.yaml', toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources }));
  return files;
}
