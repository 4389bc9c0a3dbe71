/**
 * The golden cases (test/golden/<case>/{clusters,expected}) and how each is built: the same for every
 * test that reads them (golden.test.ts, schemas.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Bundle, buildBundle } from '../../src/build/bundle';
import { loadClusters } from '../../src/config/load';
import { withManifest } from '../../src/output/manifest';

export const GOLDEN = path.join(__dirname, '..', 'golden');

/** The case names: every folder under test/golden (files beside them, such as README.md, are not cases). */
export function goldenCases(): string[] {
  return fs
    .readdirSync(GOLDEN, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** What synth writes for the case: its bundle and the manifest that lists it. */
export function goldenBundle(name: string): Bundle {
  return withManifest(buildBundle(loadClusters(path.join(GOLDEN, name, 'clusters'))));
}
