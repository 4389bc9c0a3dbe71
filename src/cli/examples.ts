/**
 * The examples of a command's help, laid out so that no command line is ever broken: yargs puts an example
 * in a left column of at most half the width (usage.js, maxWidth) and wraps it there, so at 80 columns
 * `ack-hybrid synth --clusters fleet/ --out gitops/dist` came out as two lines, the second looking like
 * another command. Here each example is one full-width row (yargs prints an example with an empty
 * description across the width): the command, then what it does as a shell comment, so the line can be
 * copied as it is. When the pair does not fit in 80 columns, the comment goes on the line above; a command
 * longer than that is written with shell continuations (`\` and a new line) where it is declared (cliui drops
 * the indentation of the continued line).
 */
import type { Argv } from 'yargs';

/** A command line (`$0` for the program; `\\\n` between its parts when it is long) and what it does. */
export type Example = readonly [command: string, what: string];

/** The width examples must fit: an 80-column terminal, less yargs' indentation of two on each side. */
export const EXAMPLE_WIDTH = 80 - 4;

/** How yargs names the program in help ($0). */
const PROGRAM = 'ack-hybrid';

/**
 * The examples as help rows: `command  # what` with the `#` aligned when every one fits that way, else each
 * comment on the line(s) above its command (one layout per command's help, not a mix).
 */
export function exampleRows(examples: readonly Example[]): string[] {
  const shown = (command: string) => command.replace(/\$0/g, PROGRAM);
  const column = Math.max(0, ...examples.map(([command]) => shown(command).length));
  const fits = examples.every(([command, what]) => !command.includes('\n') && `${shown(command).padEnd(column)}  # ${what}`.length <= EXAMPLE_WIDTH);
  if (fits) return examples.map(([command, what]) => `${command}${' '.repeat(column - shown(command).length)}  # ${what}`);
  return examples.map(([command, what]) => `${commentLines(what).join('\n')}\n${command}`);
}

/** `what` as `# …` lines of at most EXAMPLE_WIDTH, broken between words. */
function commentLines(what: string): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of what.split(' ')) {
    if (line !== '#' && `${line} ${word}`.length > EXAMPLE_WIDTH) {
      lines.push(line);
      line = '#';
    }
    line = `${line} ${word}`;
  }
  return [...lines, line];
}

/** Adds the examples to a command's help, one full-width row each (see exampleRows). */
export function withExamples<T>(yargs: Argv<T>, examples: readonly Example[]): Argv<T> {
  return exampleRows(examples).reduce((y, row) => y.example(row, ''), yargs);
}
