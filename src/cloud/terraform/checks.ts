/**
 * What no schema says, checked on the whole module before anything is written:
 * - every policy document parses, has `Version` "1" and statements, and fits its service's limit
 *   (RAM: 6,144 characters per custom policy, "Limits" of Resource Access Management; OSS bucket policy: 16 KB);
 * - an OSS object uploaded from a file carries the MD5 of those exact bytes (`content_md5`);
 * - no literal anywhere looks like a credential (the one detector, src/config/secrets.ts): a secret comes in
 *   through a sensitive variable or the state, never through a file of this repository.
 */
import { createHash } from 'crypto';
import { findSecrets } from '../../config/secrets';
import { Json, JsonObject, TerraformFile } from './json';
import { isObject, TerraformProblem } from './validate';

/** Arguments that hold a policy document, by resource type, with the service's limit in characters. */
const POLICY_ARGUMENTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  alicloud_ram_policy: { policy_document: 6144 },
  alicloud_ram_role: { assume_role_policy_document: 6144 },
  alicloud_oss_bucket_policy: { policy: 16 * 1024 },
};

export interface CheckContext {
  /** Files beside the module that `${path.module}/../<file>` may name, path relative to the module's parent. */
  readonly siblings: ReadonlyMap<string, string>;
}

export function checkModule(files: ReadonlyMap<string, TerraformFile>, context: CheckContext): TerraformProblem[] {
  const problems: TerraformProblem[] = [];
  for (const [file, content] of files) {
    const report = (path: string, message: string) => problems.push({ file, path, message });
    // One scan of all the file's strings, each on a line of its own (a line break ends every credential pattern);
    // they are scanned one by one only to name where, when something was found.
    const strings: string[] = [];
    forEachString(content, '', (_path, text) => strings.push(text));
    if (findSecrets(strings.join('\n')).length > 0) {
      forEachString(content, '', (path, text) => {
        for (const finding of findSecrets(text)) report(path, `holds ${finding.kind}: a secret comes from a sensitive variable, never a literal`);
      });
    }
    for (const [type, byName] of objectEntries(content.resource)) {
      for (const [name, body] of objectEntries(byName)) {
        if (!isObject(body)) continue;
        const path = `resource.${type}.${name}`;
        for (const [argument, limit] of Object.entries(POLICY_ARGUMENTS[type] ?? {})) {
          const document = body[argument];
          if (typeof document === 'string') policyProblems(document, limit).forEach((m) => report(`${path}.${argument}`, m));
        }
        if (type === 'alicloud_oss_bucket_object') md5Problems(body, context).forEach((m) => report(`${path}.content_md5`, m));
      }
    }
  }
  return problems;
}

function policyProblems(document: string, limit: number): string[] {
  const problems: string[] = [];
  if (document.length > limit) problems.push(`${document.length} characters; the service takes at most ${limit}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return [...problems, 'not a JSON document'];
  }
  const policy = parsed as { Version?: unknown; Statement?: unknown };
  if (policy.Version !== '1') problems.push(`Version is ${JSON.stringify(policy.Version)}; policies of Alibaba Cloud are Version "1"`);
  if (!Array.isArray(policy.Statement) || policy.Statement.length === 0) problems.push('no Statement');
  else if (!policy.Statement.every((s: { Effect?: unknown; Action?: unknown }) => (s.Effect === 'Allow' || s.Effect === 'Deny') && s.Action !== undefined))
    problems.push('a statement without Effect "Allow"/"Deny" or without Action');
  return problems;
}

function md5Problems(body: JsonObject, context: CheckContext): string[] {
  const source = body.source;
  if (typeof source !== 'string') return [];
  const m = /^\$\{path\.module\}\/\.\.\/([^/]+)$/.exec(source);
  const bytes = m === null ? undefined : context.siblings.get(m[1]);
  if (bytes === undefined) return [`source ${JSON.stringify(source)} names no file synthesized beside this folder`];
  const expected = createHash('md5').update(bytes, 'utf8').digest('base64');
  if (body.content_md5 !== expected) return [`found ${JSON.stringify(body.content_md5)}; the MD5 of ${m![1]} is ${JSON.stringify(expected)}`];
  return [];
}

function forEachString(value: Json, path: string, visit: (path: string, text: string) => void): void {
  if (typeof value === 'string') visit(path, value);
  else if (Array.isArray(value)) value.forEach((item, i) => forEachString(item, `${path}.${i}`, visit));
  else if (isObject(value)) for (const [key, item] of Object.entries(value)) forEachString(item, path === '' ? key : `${path}.${key}`, visit);
}

function objectEntries(value: Json | undefined): [string, Json][] {
  return value !== undefined && isObject(value) ? Object.entries(value) : [];
}
