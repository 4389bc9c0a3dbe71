/**
 * The one secret detector: what looks like a credential, wherever it is. validate refuses a cluster file
 * with such a value in any field or key (secret-fields.ts); every line any command prints is masked with
 * it (the CLI's output guard, diff's hunks). A cluster file is committed and copied into dist/, and error
 * output lands in CI logs: a credential pasted into the wrong place must go to neither.
 *
 * It finds spans, not just "is there a secret", so that masking hides the credential and nothing else:
 * `ssh://git@host/repo` keeps its user name (`git` is not a secret), `https://user:pass@host` keeps `user`.
 */

export type SecretKind =
  'an AccessKey ID' | 'an AccessKey secret' | 'an STS token' | 'a kubeadm join token' | 'a signed URL' | 'a password in a URL' | 'a token in a URL';

export interface SecretFinding {
  readonly kind: SecretKind;
  /** The credential's span in the text: [start, end). */
  readonly start: number;
  readonly end: number;
  /** What replaces it when masked. */
  readonly mask: string;
}

/**
 * AccessKey IDs: "LTAI" and 12 (older keys) or 20 letters and digits. gitleaks' rule `LTAI(?i)[a-z0-9]{20}`
 * (gitleaks/gitleaks cmd/generate/config/rules/alibaba.go) and SonarSource's `LTAI[0-9A-Za-z]{12}([0-9A-Za-z]{8})?`
 * (Alibaba Access Key IDs rule) agree on the prefix; we take 12 or more so that both lengths are caught.
 */
const ACCESS_KEY_ID = /(?<![0-9A-Za-z])LTAI[0-9A-Za-z]{12,}(?![0-9A-Za-z])/g;
/** Temporary (STS) AccessKey IDs start with "STS.". */
const STS_ACCESS_KEY_ID = /(?<![0-9A-Za-z])STS\.[0-9A-Za-z]{12,}(?![0-9A-Za-z])/g;
/** STS security tokens start with "CAIS" (the OSS docs' examples: `x-oss-security-token: CAIS****`). */
const SECURITY_TOKEN = /(?<![0-9A-Za-z])CAIS[0-9A-Za-z+/=_-]{16,}/g;
/**
 * Long base64 blobs, as an STS token is (hundreds of characters): 100 or more of the standard alphabet
 * with upper case, lower case and digits, and few slashes (a long path has many, random base64 has one
 * in 64). Hex digests (lower case only) and paths do not match.
 */
const BASE64_BLOB = /(?<![0-9A-Za-z+/])[0-9A-Za-z+/]{100,}={0,2}/g;
/**
 * kubeadm bootstrap tokens: `\A([a-z0-9]{6})\.([a-z0-9]{16})\z` (kubernetes/kubernetes
 * staging/src/k8s.io/cluster-bootstrap/token/api/types.go, BootstrapTokenPattern, commit 3510e45d).
 */
const JOIN_TOKEN = /(?<![0-9a-z])[0-9a-z]{6}\.[0-9a-z]{16}(?![0-9a-z])/g;
/** AccessKey secrets: 30 letters and digits, mixed case (gitleaks' alibaba-secret-key: alphaNumeric("30")). */
const ACCESS_KEY_SECRET = /(?<![0-9A-Za-z])(?=[0-9A-Za-z]*[a-z])(?=[0-9A-Za-z]*[A-Z])(?=[0-9A-Za-z]*[0-9])[0-9A-Za-z]{30}(?![0-9A-Za-z])/g;

/** A URL: scheme, "://", then anything up to white space or a quote. */
const URL = /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s"'<>`]+/g;

/**
 * Query parameters whose value is a credential. OSS V1 signed URLs carry `OSSAccessKeyId`, `Expires`,
 * `Signature` and, with STS, `security-token` (https://www.alibabacloud.com/help/en/oss/developer-reference/ddd-signatures-to-urls);
 * V4 ones `x-oss-credential`, `x-oss-signature`, `x-oss-date`, `x-oss-expires`, `x-oss-signature-version`
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/add-signatures-to-urls, "Include a V4
 * signature in a URL"); OSS's S3-compatible ones `X-Amz-Credential`, `X-Amz-Signature`
 * (https://www.alibabacloud.com/help/en/oss/support/0002-00000418). The rest are the usual names of
 * tokens in URLs. Every `x-oss-*` parameter counts: a script URL has no business carrying one.
 */
const SIGNATURE_PARAMETERS: ReadonlySet<string> = new Set([
  'ossaccesskeyid',
  'signature',
  'security-token',
  'x-amz-credential',
  'x-amz-signature',
  'x-amz-security-token',
]);
const SECRET_PARAMETERS: ReadonlySet<string> = new Set([
  ...SIGNATURE_PARAMETERS,
  'token',
  'access_token',
  'access-token',
  'accesstoken',
  'auth',
  'auth_token',
  'private_token',
  'api_key',
  'apikey',
  'password',
  'passwd',
  'pwd',
  'secret',
  'client_secret',
  'sig',
  'accesskeyid',
  'accesskeysecret',
]);

/** A user name alone that is in fact a token (`https://ghp_…@github.com`): long, with letters and digits. */
const TOKEN_USER = /^(?=.*[A-Za-z])(?=.*[0-9])[A-Za-z0-9_.~+/=-]{16,}$/;

/**
 * The shortest text any pattern but URL's matches: `LTAI` or `STS.` and 12 more characters. Every value and
 * key of every cluster file and every printed line goes through findSecrets; most are shorter (names, IDs).
 */
const SHORTEST_NON_URL_SECRET = 16;

/** Every credential-looking span in `text`, in order; overlapping spans merged into the earliest-starting one. */
export function findSecrets(text: string): SecretFinding[] {
  if (text.length < SHORTEST_NON_URL_SECRET && !text.includes('://')) return [];
  const found: SecretFinding[] = [...urlSecrets(text)];
  const add = (pattern: RegExp, kind: SecretKind, mask: string, accept: (match: string) => boolean = () => true) => {
    for (const m of text.matchAll(pattern)) {
      if (accept(m[0])) found.push({ kind, start: m.index, end: m.index + m[0].length, mask });
    }
  };
  add(ACCESS_KEY_ID, 'an AccessKey ID', 'LTAI****');
  add(STS_ACCESS_KEY_ID, 'an STS token', 'STS.****');
  add(SECURITY_TOKEN, 'an STS token', 'CAIS****');
  add(BASE64_BLOB, 'an STS token', '****', isRandomLooking);
  add(JOIN_TOKEN, 'a kubeadm join token', '******.****************');
  add(ACCESS_KEY_SECRET, 'an AccessKey secret', '****');
  return merge(found);
}

/** `text` with every credential replaced by its mask. */
export function maskSecrets(text: string): string {
  let out = '';
  let at = 0;
  for (const f of findSecrets(text)) {
    out += text.slice(at, f.start) + f.mask;
    at = f.end;
  }
  return out + text.slice(at);
}

function isRandomLooking(blob: string): boolean {
  const slashes = blob.split('/').length - 1;
  return /[a-z]/.test(blob) && /[A-Z]/.test(blob) && /[0-9]/.test(blob) && slashes * 16 <= blob.length;
}

/** Credentials in URLs: a password (or a token as the user name), and credential query parameters. */
function urlSecrets(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const m of text.matchAll(URL)) {
    const url = m[0];
    const base = m.index;
    const authorityStart = url.indexOf('//') + 2;
    const authorityEnd = firstIndexOf(url, ['/', '?', '#'], authorityStart);
    const at = url.lastIndexOf('@', authorityEnd - 1);
    if (at >= authorityStart) {
      const userinfo = url.slice(authorityStart, at);
      const colon = userinfo.indexOf(':');
      if (colon >= 0 && colon < userinfo.length - 1 && !isMask(userinfo.slice(colon + 1))) {
        found.push({ kind: 'a password in a URL', start: base + authorityStart + colon + 1, end: base + at, mask: '****' });
      } else if (colon < 0 && TOKEN_USER.test(decode(userinfo))) {
        found.push({ kind: 'a token in a URL', start: base + authorityStart, end: base + at, mask: '****' });
      }
    }
    const query = url.indexOf('?', authorityEnd);
    if (query < 0) continue;
    const hash = url.indexOf('#', query);
    const queryEnd = hash < 0 ? url.length : hash;
    let start = query + 1;
    const params: { name: string; valueStart: number; valueEnd: number }[] = [];
    while (start <= queryEnd) {
      const end = firstIndexOf(url, ['&', ';'], start, queryEnd);
      const eq = url.indexOf('=', start);
      if (eq >= 0 && eq < end) params.push({ name: decode(url.slice(start, eq)).toLowerCase(), valueStart: eq + 1, valueEnd: end });
      start = end + 1;
    }
    const signed = params.some((p) => SIGNATURE_PARAMETERS.has(p.name) || p.name.startsWith('x-oss-'));
    for (const p of params) {
      if (p.valueEnd === p.valueStart || isMask(url.slice(p.valueStart, p.valueEnd))) continue;
      const secret = SECRET_PARAMETERS.has(p.name) || p.name.startsWith('x-oss-');
      // Expires alone is a time, not a secret; next to a Signature it is part of a signed URL.
      if (!secret && !(signed && p.name === 'expires')) continue;
      found.push({
        kind: signed ? 'a signed URL' : 'a token in a URL',
        start: base + p.valueStart,
        end: base + p.valueEnd,
        mask: '****',
      });
    }
  }
  return found;
}

/** Already masked: masking is idempotent, and masked output is not reported again. */
function isMask(value: string): boolean {
  return /^\*+$/.test(value);
}

function firstIndexOf(text: string, chars: readonly string[], from: number, limit = text.length): number {
  let best = limit;
  for (const c of chars) {
    const i = text.indexOf(c, from);
    if (i >= 0 && i < best) best = i;
  }
  return best;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function merge(findings: SecretFinding[]): SecretFinding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretFinding[] = [];
  for (const f of sorted) {
    const last = merged[merged.length - 1];
    if (last && f.start < last.end) {
      if (f.end > last.end) merged[merged.length - 1] = { ...last, end: f.end };
      continue;
    }
    merged.push(f);
  }
  return merged;
}
