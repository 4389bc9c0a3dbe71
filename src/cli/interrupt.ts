/**
 * Ctrl-C. Until a command starts writing, Ctrl-C keeps its default action: the process ends at once
 * (the shell reports 130) and nothing has been written. From the moment the output folder is written
 * (synth takes its lock, then builds and writes one cluster at a time), Ctrl-C is caught instead: JavaScript cannot run a handler in the middle of synchronous work, so it
 * takes effect once the folder has been swapped in whole (or the write failed), then exits 130 after
 * abortWrite() removed anything a write left beside the folder.
 */
import { abortWrite } from '../output/write';
import { ExitCode } from './common';

let enabled = false;
let installed = false;

/** Called by the process entry only: a library caller (tests, a cdk8s app) keeps its own Ctrl-C. */
export function handleInterrupts(): void {
  enabled = true;
}

/** Call right before writing: from here on, Ctrl-C waits for the write and then exits 130. */
export function catchInterruptsFromHere(): void {
  if (!enabled || installed) return;
  installed = true;
  process.on('SIGINT', () => {
    abortWrite();
    process.stderr.write('interrupted: the output folder is whole, and nothing is left beside it\n');
    process.exit(ExitCode.Interrupted);
  });
}
