import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { tempDir } from './tree';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const EXAMPLE_FILE = path.join(REPO_ROOT, 'clusters', 'idc-hangzhou.yaml');
export const CLI = path.join(REPO_ROOT, 'bin', 'ack-hybrid.js');

/** The shipped example cluster file's text. */
export function exampleYaml(): string {
  return fs.readFileSync(EXAMPLE_FILE, 'utf8');
}

/**
 * The example with edits applied at YAML paths (comments and layout kept, so line numbers stay
 * predictable). A value of `undefined` deletes the key.
 */
export function editedExample(edits: ReadonlyArray<[readonly (string | number)[], unknown]>): string {
  const doc = parseDocument(exampleYaml());
  for (const [at, value] of edits) {
    if (value === undefined) doc.deleteIn(at);
    else doc.setIn(at, value);
  }
  return doc.toString();
}

/** A clusters folder holding the given files (name → text). */
export function clustersDir(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** `clusters/` in `dir`, holding the shipped example with `edit` applied to its text. */
export function exampleClusters(dir: string, edit: (text: string) => string = (t) => t): string {
  const clusters = path.join(dir, 'clusters');
  fs.mkdirSync(clusters, { recursive: true });
  fs.writeFileSync(path.join(clusters, 'idc-hangzhou.yaml'), edit(exampleYaml()));
  return clusters;
}

/**
 * The shipped example as another cluster of the same folder: its own name, output path, ACK cluster ID and
 * script URL (a folder may share none of them, src/config/rules/fleet.ts).
 */
export function renamedExample(name: string, text: string = exampleYaml()): string {
  const id = [...name]
    .reduce((hash, c) => (hash * 31 + c.charCodeAt(0)) >>> 0, 7)
    .toString(16)
    .padStart(32, '0');
  return text
    .replace('name: idc-hangzhou', `name: ${name}`)
    .replace('path: dist/idc-hangzhou', `path: dist/${name}`)
    .replace('  tool: argocd\n', `  tool: argocd\n  argocd:\n    destinationServer: https://${name}.k8s.example.com:6443\n`)
    .replace(/^clusterId: .*$/m, `clusterId: c${id}`)
    .replace('/init-node-ecs.sh', `/${name}/init-node-ecs.sh`);
}
