/**
 * Fake secrets, recognizable wherever they end up, and a scan for them in any text or folder.
 *
 * Use it for every way a secret can reach ack-hybrid (environment, credentials modes, join-token
 * sources): put FAKE_SECRETS in, run the command, and pass everything that came out (output folder,
 * stdout, stderr, error messages) to expectNoSecrets. A secret is found raw, base64- or
 * base64url-encoded at any offset (as in a Kubernetes Secret's data), percent-encoded, or as hex.
 */
import * as fs from 'fs';
import * as path from 'path';
import { findSecrets as detectSecrets } from '../../src/config/secrets';

export interface FakeSecret {
  /** What it stands for, as shown when it is found. */
  readonly label: string;
  readonly value: string;
}

/** Shaped like the real thing (so masking rules see them), obviously fake to a reader. */
export const FAKE_SECRETS = {
  accessKeyId: { label: 'AccessKey ID', value: 'LTAI5tFAKEfakeFAKE0123456' },
  accessKeySecret: { label: 'AccessKey secret', value: 'FAKEsecret0123456789fakeSECRET' },
  securityToken: { label: 'STS security token', value: 'CAIS1FAKEstsToken0123456789abcdefFAKEfakeFAKE' },
  joinToken: { label: 'kubeadm join token', value: 'abcdef.0123456789abcdef' },
} as const satisfies Record<string, FakeSecret>;

export const ALL_FAKE_SECRETS: readonly FakeSecret[] = Object.values(FAKE_SECRETS);

/** The environment a careless CI job or admin shell would have, with every secret set. */
export function fakeSecretEnv(): Record<string, string> {
  return {
    ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE_SECRETS.accessKeyId.value,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE_SECRETS.accessKeySecret.value,
    ALIBABA_CLOUD_SECURITY_TOKEN: FAKE_SECRETS.securityToken.value,
    ALICLOUD_ACCESS_KEY: FAKE_SECRETS.accessKeyId.value,
    ALICLOUD_SECRET_KEY: FAKE_SECRETS.accessKeySecret.value,
    KUBEADM_JOIN_TOKEN: FAKE_SECRETS.joinToken.value,
    JOIN_TOKEN: FAKE_SECRETS.joinToken.value,
  };
}

export interface Leak {
  /** Where: a file path or a name such as "stderr". */
  readonly place: string;
  readonly secret: string;
  readonly form: string;
}

/** The forms a secret takes when it is encoded into a larger text. */
export function secretForms(value: string): { form: string; text: string }[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms = [
    { form: 'raw', text: value },
    { form: 'percent-encoded', text: encodeURIComponent(value) },
    { form: 'hex', text: bytes.toString('hex') },
  ];
  // base64 of a longer text holding the secret at offset k (mod 3): the groups made only of its bytes.
  for (let k = 0; k < 3; k++) {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]);
    const from = 4 * Math.ceil(k / 3);
    const to = 4 * Math.floor((k + bytes.length) / 3);
    for (const [form, text] of [
      ['base64', encoded.toString('base64')],
      ['base64url', encoded.toString('base64url')],
    ] as const) {
      forms.push({ form: `${form} (offset ${k})`, text: text.slice(from, to) });
    }
  }
  return forms.filter((f, i, all) => f.text.length >= 12 && all.findIndex((g) => g.text === f.text) === i);
}

/** Every place (name → content) where a secret appears in any of its forms. */
export function findSecrets(places: Readonly<Record<string, string | Buffer>>, secrets: readonly FakeSecret[] = ALL_FAKE_SECRETS): Leak[] {
  const leaks: Leak[] = [];
  for (const [place, content] of Object.entries(places)) {
    const text = Buffer.isBuffer(content) ? content.toString('latin1') : content;
    for (const secret of secrets) {
      for (const { form, text: needle } of secretForms(secret.value)) {
        const latin1 = Buffer.isBuffer(content) ? Buffer.from(needle, 'utf8').toString('latin1') : needle;
        if (text.includes(latin1)) leaks.push({ place, secret: secret.label, form });
      }
    }
  }
  return leaks;
}

/** Every file under `dir` (its path relative to `dir`, prefixed with `label/`) for findSecrets. */
export function filesOf(dir: string, label = path.basename(dir)): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) files[`${label}/${child}`] = fs.readFileSync(path.join(dir, child));
    }
  };
  walk('');
  return files;
}

/** Fails the test with the list of leaks, if any. */
export function expectNoSecrets(places: Readonly<Record<string, string | Buffer>>, secrets: readonly FakeSecret[] = ALL_FAKE_SECRETS): void {
  expect(findSecrets(places, secrets)).toEqual([]);
}

/**
 * Fails the test if any text holds anything credential-shaped by the product's own detector
 * (src/config/secrets.ts), not only the fakes above: for what commands print, where nothing may look
 * like a credential. (Not for dist/: a SealedSecret's ciphertext is a long base64 blob by design.)
 */
export function expectNothingSecretLooking(places: Readonly<Record<string, string>>): void {
  const found = Object.entries(places).flatMap(([place, text]) =>
    detectSecrets(text).map((f) => ({ place, kind: f.kind, text: text.slice(Math.max(0, f.start - 20), f.start) + '…' })),
  );
  expect(found).toEqual([]);
}
