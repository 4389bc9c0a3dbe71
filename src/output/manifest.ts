/**
 * The manifest: the list of files ack-hybrid wrote into an output folder, written with them. It is what
 * lets synth tell its own files from a user's: the output folder is replaced as a whole, and a folder that
 * merely looks like earlier output (a hand-written kustomize base has a kustomization.yaml too) was deleted
 * with it. Now synth removes or replaces only what the manifest of the previous synth lists, or what this
 * run writes again byte for byte, and refuses anything else (write.ts refuseForeignContent).
 *
 * The manifest lists paths, not content: a file of ours edited by hand is still ours to replace (check
 * reports it first). It lies at the top of the output folder, where neither kustomize, Argo CD nor Flux
 * reads it (their paths are the cluster folders and gitops/), and it is a plain list so a review shows
 * which files came and went.
 */
import { Bundle } from '../build/bundle';
import { compareStrings } from '../config/text';

export const MANIFEST_FILE = 'ack-hybrid-manifest.txt';

const HEADER = [
  '# Files written by ack-hybrid into this folder, one per line (this file aside).',
  '# synth replaces or removes only these, and refuses to touch anything else in the folder. Do not edit.',
];

/** The manifest of `files` (sorted, the manifest itself not among them): the header, then one file per line. */
export function manifestText(files: readonly string[]): string {
  return [...HEADER, ...files, ''].join('\n');
}

/** `bundle` with its manifest: every other file of it, sorted, after the header. */
export function withManifest(bundle: Bundle): Bundle {
  const files = [...bundle.keys()].filter((file) => file !== MANIFEST_FILE).sort(compareStrings);
  const all = new Map<string, string>(files.map((file) => [file, bundle.get(file)!]));
  all.set(MANIFEST_FILE, manifestText(files));
  return new Map([...all].sort(([a], [b]) => compareStrings(a, b)));
}

/**
 * The files an earlier synth wrote, from the manifest among `files` (an output folder's content); undefined
 * when there is none, or when the file by that name is not one ack-hybrid wrote (its header is not ours).
 */
export function previousFiles(files: ReadonlyMap<string, string>): ReadonlySet<string> | undefined {
  const text = files.get(MANIFEST_FILE);
  return text === undefined ? undefined : parseManifest(text);
}

/** The files a manifest's `text` lists; undefined when its header is not ours (a file ack-hybrid did not write). */
export function parseManifest(text: string): ReadonlySet<string> | undefined {
  const lines = text.split('\n');
  if (HEADER.some((line, i) => lines[i] !== line)) return undefined;
  return new Set(lines.slice(HEADER.length).filter((line) => line !== '' && line !== MANIFEST_FILE));
}
