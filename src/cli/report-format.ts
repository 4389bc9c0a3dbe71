/**
 * Machine-readable reports (`--output json` and `--output github`) of problems and changes, for CI and
 * editors. The text format stays in the commands; these are the two other shapes of the same facts.
 */
import { Problem } from '../config/problems';
import { maskSecrets } from '../config/secrets';

export const OUTPUT_FORMATS = ['text', 'json', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** One problem as data: where (1-based line and column, 0 for the whole file), which field, and what to do. */
export interface JsonProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly field: string;
  readonly message: string;
}

/**
 * The problem's sentence without its location: `found …; allowed: …`. Masked as formatProblem masks it:
 * `found` and the hint may quote what a user pasted; `allowed` is the schema's own text.
 */
export function problemMessage(problem: Problem): string {
  const hint = problem.hint ? ` (${problem.hint})` : '';
  return `${maskSecrets(`found ${problem.found}`)}; allowed: ${problem.allowed}${maskSecrets(hint)}`;
}

export function jsonProblem(problem: Problem): JsonProblem {
  return { file: problem.file, line: problem.line, column: problem.column, field: problem.field, message: problemMessage(problem) };
}

/** A problem that is not about a place in a file (a missing folder, a bad flag). */
export function messageProblem(message: string): JsonProblem {
  return { file: '', line: 0, column: 0, field: '', message: maskSecrets(message) };
}

export interface AnnotationProperties {
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  readonly title?: string;
}

/**
 * A GitHub Actions workflow command, `::error file=…,line=…,col=…,title=…::message`, which GitHub shows on
 * the pull request's line. Escaping as actions/toolkit does it (packages/core/src/command.ts, escapeData and
 * escapeProperty, commit a944251692e50709e44d95e64d43c80236b9f6af; docs.github.com/en/actions/reference/
 * workflow-commands-for-github-actions): `%`, CR and LF in the message; also `:` and `,` in properties.
 * Zero line or column (the whole file) is left out rather than sent as 0.
 */
export function githubAnnotation(level: 'error' | 'warning' | 'notice', message: string, properties: AnnotationProperties = {}): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined && value !== '' && value !== 0)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `::${level}${props.length > 0 ? ` ${props.join(',')}` : ''}::${escapeData(message)}`;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A problem on the pull request's line: `::error …`, or `::warning …` for a warning (which fails nothing). */
export function problemAnnotation(problem: JsonProblem, level: 'error' | 'warning' = 'error'): string {
  return githubAnnotation(level, problem.message, {
    file: problem.file,
    line: problem.line,
    col: problem.column,
    title: problem.field === '' ? 'ack-hybrid' : problem.field,
  });
}
