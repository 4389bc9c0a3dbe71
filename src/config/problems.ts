/**
 * A problem is one thing wrong in one user file, located to line and column, with what was found and
 * what is allowed. All problems of all files are collected before anything is written.
 */

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
}

/** One line per problem: `file:line:col: field: found …; allowed: …` (the compiler convention). */
export function formatProblem(problem: Problem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  const field = problem.field === '' ? '' : `${problem.field}: `;
  const hint = problem.hint ? ` (${problem.hint})` : '';
  // Masked once more: whatever a check puts in a problem, no secret reaches a log. `allowed` is the
  // schema's own text (it shows URLs such as ssh://git@host/path), so it is left as written.
  return `${maskSecrets(`${where}: ${field}found ${problem.found}`)}; allowed: ${problem.allowed}${maskSecrets(hint)}`;
}

/** Problems sorted by file, then position, so output does not depend on the order checks ran. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareStrings(a.field, b.field) ||
      compareStrings(a.found, b.found),
  );
}

/** `3 problems`, `1 file`: a count with its noun in the right number. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Code-unit order: the same on every machine, whatever the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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

/** Thrown with every problem of every file at once. */
export class InvalidClustersError extends UserError {
  constructor(problems: readonly Problem[]) {
    const sorted = sortProblems(problems);
    const files = new Set(sorted.map((p) => p.file)).size;
    const summary = `${plural(sorted.length, 'problem')} in ${plural(files, 'file')}`;
    super([...sorted.map(formatProblem), summary].join('\n'), sorted);
    this.name = 'InvalidClustersError';
  }
}

const ACCESS_KEY_ID = /LTAI[0-9A-Za-z]{8,}/g;
/** AccessKey secrets: 30 letters and digits, mixed case. */
const ACCESS_KEY_SECRET = /(?<![0-9A-Za-z])(?=[0-9A-Za-z]*[a-z])(?=[0-9A-Za-z]*[A-Z])(?=[0-9A-Za-z]*[0-9])[0-9A-Za-z]{30}(?![0-9A-Za-z])/g;
/** kubeadm bootstrap tokens: [a-z0-9]{6}.[a-z0-9]{16}. */
const JOIN_TOKEN = /(?<![0-9a-z])[0-9a-z]{6}\.[0-9a-z]{16}(?![0-9a-z])/g;
/** STS security tokens start with CAIS and run on for hundreds of characters. */
const SECURITY_TOKEN = /CAIS[0-9A-Za-z+/=_-]{16,}/g;
/** The user name and password of a URL (https://user:password@host). */
const URL_CREDENTIALS = /(\/\/)[^/@\s]*@/g;
const MAX_SHOWN = 60;

/** Masks what looks like a credential: error output lands in CI logs, and a secret pasted into the wrong field must not go with it. */
export function maskSecrets(text: string): string {
  return text
    .replace(ACCESS_KEY_ID, 'LTAI****')
    .replace(SECURITY_TOKEN, 'CAIS****')
    .replace(ACCESS_KEY_SECRET, '****')
    .replace(JOIN_TOKEN, '******.****************')
    .replace(URL_CREDENTIALS, '$1****@');
}

/**
 * Renders a value found in a user file for an error message: long values are cut, and anything shaped
 * like a credential is masked (see maskSecrets).
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') {
    const masked = maskSecrets(value);
    const shown = masked.length > MAX_SHOWN ? `${masked.slice(0, MAX_SHOWN)}…` : masked;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (Array.isArray(value)) return `a list of ${plural(value.length, 'item')}`;
  return 'a mapping';
}

/** `["cloud", "podVSwitches", 0, "id"]` → `cloud.podVSwitches[0].id`; a key that looks like a secret is masked. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${maskSecrets(String(segment))}`))
    .join('');
}
