/**
 * Fills the temporary folder of an atomic write (see output.ts) with only the changed files written:
 * a file whose content the current output folder already holds is hard-linked from there instead.
 *
 * Why: a fleet of 1,000 clusters has 7,100 files; when one cluster changed, writing all of them again
 * made synth cost 1.6x `check`. A hard link is one system call and writes no data. The swap stays
 * atomic: the old folder is only read (its files gain a second name, their content is never touched),
 * so a run killed at any moment still leaves the old folder or the new one; removing the old folder
 * after the swap only drops the old names.
 *
 * Only regular files are linked: a symbolic link in the old folder (not ours) is rewritten as a file.
 * Where linking fails (another file system, a file system without hard links, a permission), the file
 * is written instead.
 */
import * as fs from 'fs';
import * as path from 'path';
import { encodeUtf8 } from '../fs/utf8';
import { Bundle } from '../build/bundle';

/** What the output folder held before this run: its path and every file's content (write.ts readTree). */
export interface PreviousOutput {
  readonly dir: string;
  readonly files: ReadonlyMap<string, string>;
}

/** Writes `bundle` under `temp` (created), linking unchanged files from `previous`; returns how many were written. */
export function fillOutputFolder(temp: string, bundle: Bundle, previous?: PreviousOutput): { written: number; linked: number } {
  const writer = new FolderWriter(temp, previous ? { dir: previous.dir, regular: regularFiles(previous.dir) } : undefined);
  for (const [file, content] of bundle) writer.put(file, content, previous?.files.get(file) === content);
  return writer.finish();
}

/**
 * Fills a new output folder one file at a time: a file the previous folder holds unchanged is hard-linked
 * from there, any other is written. The caller says which are unchanged (it compared them, or carries them
 * over unread); `regular` are the previous folder's regular files, the only ones linked.
 */
export class FolderWriter {
  private canLink: boolean;
  private written = 0;
  private linked = 0;
  private readonly made = new Set<string>();

  constructor(
    private readonly temp: string,
    private readonly previous?: { readonly dir: string; readonly regular: ReadonlySet<string> },
  ) {
    this.canLink = previous !== undefined;
  }

  /**
   * Puts `file` into the new folder: linked when `unchanged` and linking works, else written with `content`
   * (a function for a file carried over unread: it is read only if it cannot be linked).
   */
  put(file: string, content: string | (() => string), unchanged: boolean): void {
    const full = path.join(this.temp, ...file.split('/'));
    const dir = path.dirname(full);
    // Once per folder, not per file: a fleet writes thousands of files into hundreds of folders.
    if (!this.made.has(dir)) fs.mkdirSync(dir, { recursive: true });
    this.made.add(dir);
    if (this.canLink && unchanged && this.previous!.regular.has(file)) {
      try {
        fs.linkSync(path.join(this.previous!.dir, ...file.split('/')), full);
        this.linked++;
        return;
      } catch {
        // EXDEV, EPERM, ENOTSUP...: every later link would fail the same way.
        this.canLink = false;
      }
    }
    try {
      writeText(full, typeof content === 'string' ? content : content(), file.endsWith('.sh') ? 0o755 : 0o644);
    } catch (error) {
      // write() errors (ENOSPC, EDQUOT) carry no path: name the file, for the message (cli/common.ts).
      const e = error as NodeJS.ErrnoException;
      if (e.path === undefined) Object.assign(e, { path: full, syscall: e.syscall ?? 'write' });
      throw e;
    }
    this.written++;
  }

  /** Creates the folder even when it holds nothing; returns how many files were written and linked. */
  finish(): { written: number; linked: number } {
    fs.mkdirSync(this.temp, { recursive: true });
    return { written: this.written, linked: this.linked };
  }
}

/** fs.writeFileSync(file, text, { mode }), through the shared encoding buffer (fs/utf8.ts) instead of one per file. */
function writeText(file: string, text: string, mode: number): void {
  fs.writeFileSync(file, encodeUtf8(text), { mode });
}

/** The regular files under `dir`, as `/`-separated relative paths (one readdir per folder, no stat per file). */
function regularFiles(dir: string): Set<string> {
  const files = new Set<string>();
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) files.add(child);
    }
  };
  walk('');
  return files;
}

/**
 * Removes the previous output folder after the swap. Its files are known (the run read them all), so
 * each is unlinked by name and each folder removed once empty, deepest first: fs.rmSync's recursive
 * removal instead stats every entry and first tries to remove each folder while it is still full, which
 * made it most of what synth spent on writing a fleet. Whatever is left (what was not in `files`) goes
 * with fs.rmSync.
 */
export function removeOutputFolder(dir: string, files: Iterable<string>): void {
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    try {
      fs.unlinkSync(path.join(dir, ...parts));
    } catch {
      // Gone already, or not a file: fs.rmSync below deals with it.
    }
    for (let i = parts.length - 1; i > 0; i--) folders.add(parts.slice(0, i).join('/'));
  }
  const deepestFirst = [...folders].sort((a, b) => b.split('/').length - a.split('/').length);
  for (const folder of deepestFirst) {
    try {
      fs.rmdirSync(path.join(dir, ...folder.split('/')));
    } catch {
      // Not empty (something not in `files`): fs.rmSync below.
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
