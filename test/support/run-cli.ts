/**
 * Runs the built CLI (build/ack-hybrid.js, built by `npm test` before jest) as users do, for exit codes
 * and the exact text on stdout and stderr.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'build', 'ack-hybrid.js');
export const EXAMPLE_CLUSTER = path.join(ROOT, 'clusters', 'idc-hangzhou.yaml');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const merged: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  // Unset means absent: spawn would pass an undefined value as the text "undefined".
  const env = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ack-hybrid-${prefix}-`));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `clusters/` holding the shipped example, with `edit` applied to its text. */
export function exampleClusters(dir: string, edit: (text: string) => string = (t) => t): string {
  const clusters = path.join(dir, 'clusters');
  fs.mkdirSync(clusters, { recursive: true });
  fs.writeFileSync(path.join(clusters, 'idc-hangzhou.yaml'), edit(fs.readFileSync(EXAMPLE_CLUSTER, 'utf8')));
  return clusters;
}
