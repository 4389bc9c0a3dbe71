/**
 * A problem is one thing wrong in one user file, located to line and column, with what was found and
 * what is allowed. All problems of all files are collected before anything is written.
 *
 * This module holds the problem type, its one-line format and the errors that carry problems. Showing
 * values is describe.ts, the secret detector secrets.ts, small text helpers text.ts.
 */
import { escapeForTerminal } from '../escape/terminal';
import { maskSecrets } from './secrets';
import { compareStrings, plural } from './text';

/** One thing wrong in one user file: where (file, line, column, field), what was found, what is allowed. */
export interface Problem {
  /** The file as the user named it (relative to the working directory where possible). */
  readonly file: string;
  /** 1-based line and column; 0 when the problem is about the file as a whole. */
  readonly line: number;
  readonly column: number;
  /** The field, as `onPrem.podCidr` or `cloud.podVSwitches[0].id`; empty for the whole file. */
  readonly field: string;
  /** What was found, already rendered for the reader (values quoted, secrets never included). */
  readonly found: string;
  /** What is allowed instead. */
  readonly allowed: string;
  /** An optional suggestion, such as "did you mean nodeCidr?". */
  readonly hint?: string;
  /**
   * A warning is printed but fails nothing unless `--strict` (a version past its end of life, see
   * version-policy.ts); anything without a severity is an error.
   */
  readonly severity?: 'warning';
}

export const isWarning = (problem: Problem): boolean => problem.severity === 'warning';

/**
 * One line per problem: `file:line:col: field: found …; allowed: …` (the compiler convention). Every part
 * is masked (no credential reaches a log, whichever part a check put it in) and escaped (a line break or
 * an ANSI escape in a key or a file name cannot forge or hide a line).
 */
export function formatProblem(problem: Problem): string {
  const safe = (text: string) => escapeForTerminal(maskSecrets(text));
  const where = problem.line > 0 ? `${safe(problem.file)}:${problem.line}:${problem.column}` : safe(problem.file);
  // `file:line:col: warning: …`, as compilers mark theirs; errors keep the unmarked line they always had.
  const level = isWarning(problem) ? 'warning: ' : '';
  const field = problem.field === '' ? '' : `${safe(problem.field)}: `;
  const hint = problem.hint ? ` (${safe(problem.hint)})` : '';
  return `${where}: ${level}${field}found ${safe(problem.found)}; allowed: ${safe(problem.allowed)}${hint}`;
}

/** Problems sorted by file, then position, so output does not depend on the order checks ran. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || compareStrings(a.field, b.field) || compareStrings(a.found, b.found),
  );
}

/**
 * A mistake of the user's (bad input, a missing folder): reported as a message, never as a stack trace.
 * Anything else that is thrown is a bug.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * Thrown with every problem of every file at once: the errors, and the warnings of the files that had none
 * (printed with them, so nothing is lost when a fleet has both).
 */
export class InvalidClustersError extends UserError {
  /** The warnings among the problems; `problems` holds the errors only. */
  readonly warnings: readonly Problem[];

  constructor(problems: readonly Problem[], warnings: readonly Problem[] = []) {
    const sorted = sortProblems(problems.filter((p) => !isWarning(p)));
    const sortedWarnings = sortProblems([...warnings, ...problems.filter(isWarning)]);
    const files = new Set(sorted.map((p) => p.file)).size;
    const also = sortedWarnings.length > 0 ? ` (and ${plural(sortedWarnings.length, 'warning')})` : '';
    const summary = `${plural(sorted.length, 'problem')} in ${plural(files, 'file')}${also}`;
    super([...sortProblems([...sorted, ...sortedWarnings]).map(formatProblem), summary].join('\n'), sorted);
    this.name = 'InvalidClustersError';
    this.warnings = sortedWarnings;
  }
}

/** `--strict` and there are warnings: each printed as usual, then this error. */
export class StrictWarningsError extends UserError {
  constructor(readonly warnings: readonly Problem[]) {
    super(`${plural(warnings.length, 'warning')}, and --strict makes warnings errors`);
    this.name = 'StrictWarningsError';
  }
}
