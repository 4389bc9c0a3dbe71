/**
 * The floor the benchmark measures ack-hybrid against: the least a program must do to give the same answer,
 * with the same YAML library, one process per command as ack-hybrid runs. bench/run.ts reports each command's
 * CPU as a ratio to it.
 *
 *   node build/floor.js read CLUSTERS OUT        reads and parses every cluster file, reads back every file of OUT:
 *                                                the floor of check and diff (and of an up-to-date synth)
 *   node build/floor.js parse CLUSTERS           reads and parses every cluster file: the floor of validate
 *   node build/floor.js pack OUT PACK            (preparation, not measured) every file of OUT into one file PACK
 *   node build/floor.js write CLUSTERS PACK OUT  reads and parses every cluster file, then writes the files PACK
 *                                                holds into a new folder and renames it to OUT: the floor of a
 *                                                fresh synth (the bytes come from one file, the cheapest source)
 *
 * Parsing is `yaml.parse`, the same library and version ack-hybrid parses with, without positions.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

function parseClusters(dir: string): number {
  let count = 0;
  for (const name of fs.readdirSync(dir)) {
    if (!/\.ya?ml$/.test(name)) continue;
    parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    count++;
  }
  return count;
}

/** Every file under `dir`, relative, `/`-separated. */
function files(dir: string, relative = ''): string[] {
  return fs
    .readdirSync(path.join(dir, relative), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? files(dir, `${relative}${entry.name}/`) : [`${relative}${entry.name}`]));
}

function read(clusters: string, out: string): string {
  const parsed = parseClusters(clusters);
  let bytes = 0;
  const all = files(out);
  for (const file of all) bytes += fs.readFileSync(path.join(out, file), 'utf8').length;
  return `parsed ${parsed} cluster files, read ${all.length} files (${bytes} characters)`;
}

/** PACK: a JSON list of [path, content, mode], in one file. */
function pack(out: string, target: string): string {
  const all = files(out).map((file) => [file, fs.readFileSync(path.join(out, file), 'utf8'), fs.statSync(path.join(out, file)).mode & 0o777]);
  fs.writeFileSync(target, JSON.stringify(all));
  return `packed ${all.length} files`;
}

function write(clusters: string, packed: string, out: string): string {
  const parsed = parseClusters(clusters);
  const all = JSON.parse(fs.readFileSync(packed, 'utf8')) as [string, string, number][];
  const temp = `${out}.floor-tmp`;
  fs.rmSync(temp, { recursive: true, force: true });
  const made = new Set<string>();
  for (const [file, content, mode] of all) {
    const full = path.join(temp, file);
    const dir = path.dirname(full);
    if (!made.has(dir)) fs.mkdirSync(dir, { recursive: true });
    made.add(dir);
    fs.writeFileSync(full, content, { mode });
  }
  fs.renameSync(temp, out);
  return `parsed ${parsed} cluster files, wrote ${all.length} files`;
}

function main(args: readonly string[]): string {
  const [command, ...rest] = args;
  if (command === 'read' && rest.length === 2) return read(rest[0], rest[1]);
  if (command === 'parse' && rest.length === 1) return `parsed ${parseClusters(rest[0])} cluster files`;
  if (command === 'pack' && rest.length === 2) return pack(rest[0], rest[1]);
  if (command === 'write' && rest.length === 3) return write(rest[0], rest[1], rest[2]);
  throw new Error('usage: floor.js read CLUSTERS OUT | parse CLUSTERS | pack OUT PACK | write CLUSTERS PACK OUT');
}

process.stdout.write(`${main(process.argv.slice(2))}\n`);
