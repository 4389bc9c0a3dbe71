/**
 * validate's secret check: every string in a cluster file, key or value, in every field, goes through
 * the one detector (secrets.ts). It walks the parsed data generically, so a field added to the schema
 * tomorrow is covered without being listed here: labels, taints, revisions, image tags, repository
 * paths, OOS parameter and RAM role names, external-secret keys, URLs, unknown keys alike.
 */
import { describeValue, fieldPath } from './describe';
import { Problem } from './problems';
import { findSecrets, SecretFinding, SecretKind } from './secrets';
import { MAX_SHAPE_PROBLEMS } from './shape';
import { locate, ParsedSource } from './source';

type Path = readonly (string | number)[];

const ALLOWED = 'no credentials in a cluster file: it is committed and copied into dist/';

/** What to write instead, per kind of credential found. */
const HINTS: Readonly<Record<SecretKind, string>> = {
  'a signed URL':
    'a signed URL carries an AccessKey ID and signature and expires; use the plain object URL and let nodes read the bucket with a RAM role or bucket policy',
  'a password in a URL': 'remove "user:password@"; give the GitOps tool or the nodes their own credentials',
  'a token in a URL': 'remove the token from the URL; give the GitOps tool or the nodes their own credentials',
  'an AccessKey ID': "write the name of where the key is kept, never the key; Terway's AccessKey comes from terway.credentials",
  'an AccessKey secret': "write the name of where the secret is kept, never the secret; Terway's AccessKey comes from terway.credentials",
  'an STS token': 'STS tokens are short-lived credentials: never write one into a file',
  'a kubeadm join token': 'the join token is read on the node at run time, from nodeInit.join.tokenSource; never write it into the cluster file',
};

/**
 * Values that are ciphertext by construction: sealed for the cluster's controller, only it can open them
 * (src/credentials/sealed-value.ts checks they are sealed-secrets ciphertext, which plaintext is not).
 */
const CIPHERTEXT = ['terway', 'credentials', 'encryptedData'];

function isCiphertext(path: Path): boolean {
  return path.length === CIPHERTEXT.length + 1 && CIPHERTEXT.every((key, i) => path[i] === key);
}

/** One problem per key or value that holds something credential-shaped, located and masked. */
export function checkSecrets(source: ParsedSource): Problem[] {
  const problems: Problem[] = [];
  const report = (path: Path, text: string, findings: readonly SecretFinding[], isKey: boolean) => {
    // As many as the schema's problems at most (shape.ts): the file is refused either way.
    if (problems.length >= MAX_SHAPE_PROBLEMS) return;
    const kinds = [...new Set(findings.map((f) => f.kind))];
    problems.push({
      file: source.file,
      ...locate(source, path, isKey),
      field: fieldPath(path),
      found: `${isKey ? 'the key ' : ''}${describeValue(text)}, which looks like ${kinds.join(' and ')}`,
      allowed: ALLOWED,
      hint: HINTS[kinds[0]],
    });
  };
  // One path, extended and shortened as the walk goes (copied only for a problem): a fleet's every key and value pass here.
  const path: (string | number)[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      if (isCiphertext(path)) return;
      const findings = findSecrets(value);
      if (findings.length > 0) report([...path], value, findings, false);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(value[i]);
        path.pop();
      }
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        path.push(key);
        const findings = findSecrets(key);
        if (findings.length > 0) report([...path], key, findings, true);
        walk((value as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  walk(source.data);
  return problems;
}
