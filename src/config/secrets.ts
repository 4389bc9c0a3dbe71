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
 * A URL: a scheme that starts a run of scheme characters (so a long "a.a.a…" is tried once, not at every
 * letter), "://", then anything up to white space, "<", ">" or "`". A quote ends it only where a quoted
 * string would end (before white space, punctuation that follows a string, or the end): a quote inside a
 * path (`/it's/…`, allowed in a URL) must not hide the query that follows it.
 */
const URL = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^\s"'<>`]|["'](?![\s,;:)\]}>"']|$))+/g;

/**
 * `name=value` after "?", "&", ";" or "#": query and fragment parameters, looked at wherever they are, not
 * only inside something the URL pattern took for a URL (`https:/host?Signature=…` has one slash, a quote may
 * end a URL early). One character of lookbehind: linear.
 */
const PARAMETER = /(?<=[?&;#])([^=&;?#\s"'<>`]+)=([^&;#\s"'<>`]*)/g;

/**
 * Texts already searched, with what was found: every printed line and every part of every problem is
 * masked, and most are the same sentences again ("allowed: …" of thousands of problems in a pasted file).
 * Bounded: emptied when full, so memory stays small whatever the input.
 */
const searched = new Map<string, readonly SecretFinding[]>();
const MAX_SEARCHED = 2000;
const MAX_SEARCHED_LENGTH = 4096;

/**
 * The shortest text any pattern but URL's and PARAMETER's matches: `LTAI` or `STS.` and 12 more characters
 * (an encoded one is longer still). Every value and key of every cluster file and every printed line goes
 * through findSecrets; most are shorter (names, IDs).
 */
const SHORTEST_NON_URL_SECRET = 16;
const QUERY_START = /[?&;#]/;

/** Every credential-looking span in `text`, in order; overlapping spans merged into the earliest-starting one. */
export function findSecrets(text: string): SecretFinding[] {
  if (text.length < SHORTEST_NON_URL_SECRET && !text.includes('://') && !QUERY_START.test(text)) return [];
  const known = searched.get(text);
  if (known !== undefined) return [...known];
  const found = merge([...rawSecrets(text, false), ...encodedSecrets(text, 0)]);
  if (text.length <= MAX_SEARCHED_LENGTH) {
    if (searched.size >= MAX_SEARCHED) searched.clear();
    searched.set(text, Object.freeze(found.map((f) => Object.freeze({ ...f }))));
  }
  return found;
}

/**
 * Credentials as they are written. In text decoded from an encoding (`lenient`), the neighbours of a
 * credential are whatever bytes the encoding left around it, so the patterns do not ask for a boundary.
 */
function rawSecrets(text: string, lenient: boolean): SecretFinding[] {
  const found: SecretFinding[] = [...urlSecrets(text), ...parameterSecrets(text)];
  const add = (pattern: RegExp, kind: SecretKind, mask: string, accept: (match: string) => boolean = () => true) => {
    for (const m of text.matchAll(pattern)) {
      if (accept(m[0])) found.push({ kind, start: m.index, end: m.index + m[0].length, mask });
    }
  };
  add(lenient ? /LTAI[0-9A-Za-z]{12,}/g : ACCESS_KEY_ID, 'an AccessKey ID', 'LTAI****');
  add(lenient ? /STS\.[0-9A-Za-z]{12,}/g : STS_ACCESS_KEY_ID, 'an STS token', 'STS.****');
  add(SECURITY_TOKEN, 'an STS token', 'CAIS****');
  add(BASE64_BLOB, 'an STS token', '****', isRandomLooking);
  add(lenient ? /[0-9a-z]{6}\.[0-9a-z]{16}/g : JOIN_TOKEN, 'a kubeadm join token', '******.****************');
  if (lenient) add(/[0-9A-Za-z]{30,}/g, 'an AccessKey secret', '****', (run) => /[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run));
  else add(ACCESS_KEY_SECRET, 'an AccessKey secret', '****');
  return found;
}

/**
 * Encodings a credential is pasted in: base64 and base64url (as a Kubernetes Secret's data holds it, with or
 * without padding, at any offset), hex, and percent-encoding. Each run of an encoding's alphabet is decoded
 * (base64 from each of the 4 places a group can start, hex from each of 2) and the result searched again,
 * decoded once more (base64 of a percent-encoded value…), up to MAX_DEPTH. A credential found inside masks
 * the whole run. Each level decodes at most a few times its input, so the work stays linear.
 */
const MAX_DEPTH = 2;
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_RUN = /[0-9A-Fa-f]{24,}/g;
/** Runs of what a percent-encoded value is made of (maximal, so each is tried once); those with no escape decode to themselves. */
const PERCENT_RUN = /(?<![A-Za-z0-9._~+/%-])[A-Za-z0-9._~+/%-]*%[0-9A-Fa-f]{2}[A-Za-z0-9._~+/%-]*/g;

/**
 * Each encoding: how many places a group can start at (`shifts`), and the run decoded from one of them into
 * `into`, returning the byte count. Decoded into one buffer kept for the next run (`decodedBytes`): most
 * decoded text is tested and dropped, and a buffer and a string per run and place made this a tenth of loading
 * a fleet.
 */
const ENCODINGS: readonly { readonly run: RegExp; readonly shifts: number; readonly decodeInto: (run: string, shift: number, into: Buffer) => number }[] = [
  { run: BASE64_RUN, shifts: 4, decodeInto: (run, shift, into) => into.write(run.slice(shift), 0, 'base64') },
  {
    run: HEX_RUN,
    shifts: 2,
    decodeInto: (run, shift, into) => into.write(run.slice(shift, shift + 2 * Math.floor((run.length - shift) / 2)), 0, 'hex'),
  },
  { run: PERCENT_RUN, shifts: 1, decodeInto: (run, _shift, into) => percentDecodeInto(run, into) },
];

/**
 * What every pattern rawSecrets(…, lenient) and encodedSecrets look for needs at least: 12 characters of the
 * base64 alphabets in a row (the shortest are `STS.` and 12 letters and digits, a run of 16 to decode),
 * `://` (URL), `=` (PARAMETER, and CAIS's alphabet) or `%` (PERCENT_RUN). Decoded text is mostly random bytes
 * without any: one test instead of a dozen patterns and three decodings, the same findings.
 */
export const MAY_HOLD_SECRET = /[0-9A-Za-z+/_-]{12}|:\/\/|[=%]/;

/** The bytes of MAY_HOLD_SECRET's character class `[0-9A-Za-z+/_-]`. */
const BASE64_ALPHABET = new Uint8Array(256);
for (const c of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/_-') BASE64_ALPHABET[c.charCodeAt(0)] = 1;

/**
 * MAY_HOLD_SECRET.test() of `bytes[0, length)` read as latin1 (one character per byte), without making the
 * string: what decoded text is tested with before it is searched.
 */
export function bytesMayHoldSecret(bytes: Uint8Array, length: number): boolean {
  let run = 0;
  for (let i = 0; i < length; i++) {
    const b = bytes[i];
    if (b === 0x3d || b === 0x25) return true; // = %
    if (b === 0x3a && i + 2 < length && bytes[i + 1] === 0x2f && bytes[i + 2] === 0x2f) return true; // ://
    run = BASE64_ALPHABET[b] === 1 ? run + 1 : 0;
    if (run >= 12) return true;
  }
  return false;
}

/** Where runs are decoded: grown as needed (a run decodes to at most its length in bytes), never shrunk. */
let decodedBytes = Buffer.allocUnsafe(4096);

function encodedSecrets(text: string, depth: number): SecretFinding[] {
  if (depth >= MAX_DEPTH) return [];
  const found: SecretFinding[] = [];
  for (const { run, shifts, decodeInto } of ENCODINGS) {
    for (const m of text.matchAll(run)) {
      if (decodedBytes.length < m[0].length) decodedBytes = Buffer.allocUnsafe(2 * m[0].length);
      const inner: SecretFinding[] = [];
      for (let shift = 0; shift < shifts; shift++) {
        const length = decodeInto(m[0], shift, decodedBytes);
        if (!bytesMayHoldSecret(decodedBytes, length)) continue;
        // A string before searching it: the search decodes again, into the same buffer.
        const decoded = decodedBytes.toString('latin1', 0, length);
        inner.push(...rawSecrets(decoded, true), ...encodedSecrets(decoded, depth + 1));
      }
      // The credential's own kind, and a mask that says it was encoded: the encoded run is hidden as a whole.
      if (inner.length > 0) found.push({ kind: inner[0].kind, start: m.index, end: m.index + m[0].length, mask: '****' });
    }
  }
  return found;
}

/** `%4C%54…` → the bytes it stands for, written into `into` (the run is ASCII); other characters kept. Returns the byte count. */
function percentDecodeInto(run: string, into: Buffer): number {
  // One pass into a buffer: a replace() callback per escape made the garbage collector most of the work.
  let length = 0;
  for (let i = 0; i < run.length; i++) {
    const escape = run.charCodeAt(i) === 0x25 ? Number.parseInt(run.slice(i + 1, i + 3), 16) : NaN;
    if (Number.isNaN(escape) || !/^[0-9A-Fa-f]{2}$/.test(run.slice(i + 1, i + 3))) {
      into[length++] = run.charCodeAt(i);
    } else {
      into[length++] = escape;
      i += 2;
    }
  }
  return length;
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

/** Credentials in a URL's authority: a password, or a token used as the user name. */
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
  }
  return found;
}

/**
 * Query and fragment parameters whose value is a credential, wherever they are. A text with a signature
 * parameter is a signed URL: its `Expires` is part of it (alone, Expires is a time, not a secret).
 */
function parameterSecrets(text: string): SecretFinding[] {
  const params = [...text.matchAll(PARAMETER)].map((m) => ({
    name: parameterName(m[1]),
    valueStart: m.index + m[1].length + 1,
    valueEnd: m.index + m[0].length,
  }));
  const signed = params.some((p) => SIGNATURE_PARAMETERS.has(p.name) || p.name.startsWith('x-oss-'));
  const found: SecretFinding[] = [];
  for (const p of params) {
    if (p.valueEnd === p.valueStart || isMask(text.slice(p.valueStart, p.valueEnd))) continue;
    const secret = SECRET_PARAMETERS.has(p.name) || p.name.startsWith('x-oss-');
    if (!secret && !(signed && p.name === 'expires')) continue;
    found.push({ kind: signed ? 'a signed URL' : 'a token in a URL', start: p.valueStart, end: p.valueEnd, mask: '****' });
  }
  return found;
}

/** A parameter's name as a server reads it: percent-decoded (also when encoded twice), in lower case. */
function parameterName(raw: string): string {
  let name = raw;
  for (let i = 0; i < 3 && name.includes('%'); i++) name = decode(name);
  return name.toLowerCase();
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
