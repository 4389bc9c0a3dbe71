/**
 * The floor the benchmark measures ack-hybrid against: the least a program must do to give the same answer,
 * with the same YAML library, one process per command as ack-hybrid runs. bench/run.ts reports each command's
 * CPU as a ratio to it.
 *
 *   node build/floor.js read CLUSTERS OUT        reads and parses every cluster file, reads back every file of OUT:
 *                                                the floor of check and diff (and of an up-to-date synth)
 *   node build/floor.js parse CLUSTERS           reads and parses every cluster file: the floor of validate
 *   node build/floor.js pack OUT PACK            (preparation, not measured) every file of OUT into one file PACK (headers and bytes)
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

/**
 * PACK: every file as a header line `<path>\t<mode>\t<bytes>\n` followed by its bytes, in one file. Not JSON: at
 * 10,000 clusters the output is larger than the longest string V8 allows.
 */
function pack(out: string, target: string): string {
  const fd = fs.openSync(target, 'w');
  const all = files(out);
  try {
    for (const file of all) {
      const bytes = fs.readFileSync(path.join(out, file));
      const mode = fs.statSync(path.join(out, file)).mode & 0o777;
      fs.writeSync(fd, `${file}\t${mode}\t${bytes.length}\n`);
      fs.writeSync(fd, bytes);
    }
  } finally {
    fs.closeSync(fd);
  }
  return `packed ${all.length} files`;
}

function write(clusters: string, packed: string, out: string): string {
  const parsed = parseClusters(clusters);
  const data = fs.readFileSync(packed);
  const temp = `${out}.floor-tmp`;
  fs.rmSync(temp, { recursive: true, force: true });
  const made = new Set<string>();
  let count = 0;
  for (let at = 0; at < data.length; count++) {
    const end = data.indexOf(0x0a, at);
    const [file, mode, length] = data.toString('utf8', at, end).split('\t');
    const start = end + 1;
    const full = path.join(temp, file);
    const dir = path.dirname(full);
    if (!made.has(dir)) fs.mkdirSync(dir, { recursive: true });
    made.add(dir);
    fs.writeFileSync(full, data.subarray(start, start + Number(length)), { mode: Number(mode) });
    at = start + Number(length);
  }
  fs.renameSync(temp, out);
  return `parsed ${parsed} cluster files, wrote ${count} files`;
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
