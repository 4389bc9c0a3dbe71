/**
 * The golden cases (test/golden/<case>/{clusters,expected}) and how each is built: the same for every
 * test that reads them (golden.test.ts, schemas.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Bundle, buildBundle } from '../../src/bundle';
import { loadClusters } from '../../src/config/load';
import { Environment } from '../../src/credentials/terway';

export const GOLDEN = path.join(__dirname, '..', 'golden');

/**
 * The environment every case is built with: never the machine's. The sealed-secrets case seals this fake
 * AccessKey at synth (deterministically, see src/credentials/seal.ts), so its expected ciphertext is stable.
 */
export const GOLDEN_ENV: Environment = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tGoldenFakeKeyId000',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'GoldenFakeSecretNotReal0000000',
};

/** The case names: every folder under test/golden (files beside them, such as README.md, are not cases). */
export function goldenCases(): string[] {
  return fs
    .readdirSync(GOLDEN, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function goldenBundle(name: string): Bundle {
  return buildBundle(loadClusters(path.join(GOLDEN, name, 'clusters')), GOLDEN_ENV);
}
