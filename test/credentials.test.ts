/**
 * Terway's credentials: the kubeseal format (proved by opening it as the controller does), `seal` writing
 * only encryptedData into the user's file, synth copying the committed ciphertext without any AccessKey,
 * the per-mode schema messages, and no AccessKey anywhere.
 */
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { main } from '../main';
import { Io } from '../src/cli/common';
import { parseClusterFile } from '../src/config/load';
import { formatProblem } from '../src/config/problems';
import { AskHidden, Environment } from '../src/credentials/access-key';
import { sealClusterFile } from '../src/credentials/seal-cluster-file';
import { encryptionLabel, sealingKey, sealValue } from '../src/credentials/seal';
import { sealedValueProblem } from '../src/credentials/sealed-value';
import { bundleOf, clusterYaml, KubeDoc } from './gitops-helpers';
import { expectNoSecrets, FAKE_SECRETS, filesOf } from './support/secret-scan';
import { FAKE_SEALED_ID, FAKE_SEALED_SECRET, SEALED_TERWAY } from './support/sealed';
import { runCli } from './support/cli';
import { cleanTempDirs, tempDir } from './support/tree';

const ID = FAKE_SECRETS.accessKeyId.value;
const SECRET = FAKE_SECRETS.accessKeySecret.value;
const ENV: Environment = { ALIBABA_CLOUD_ACCESS_KEY_ID: ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET };
const NO_TERMINAL: AskHidden = () => undefined;
const STRICT = Buffer.from('kube-system/alibaba-addon-secret');
const SEALED_SECRET_FILE = 'a/sealedsecret.kube-system.alibaba-addon-secret.yaml';

/**
 * The controller's throwaway 2048-bit RSA key, made by openssl once for this file: generating one takes a
 * good part of a second, and what each test checks is the certificate and the files around it, not the key.
 */
let throwawayKey: string | undefined;
function throwawayKeyFile(): string {
  if (throwawayKey === undefined || !fs.existsSync(throwawayKey)) {
    throwawayKey = path.join(tempDir('credentials-key'), 'controller.key');
    execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', throwawayKey], { stdio: 'ignore' });
  }
  return throwawayKey;
}

/**
 * A throwaway sealing key pair, as the controller has it: a self-signed certificate, made here, and its private
 * key (a copy of this file's throwaway key, beside it).
 */
function throwawayCertificate(dir: string, name = 'sealed-secrets.pem'): { certFile: string; privateKey: crypto.KeyObject } {
  const keyFile = path.join(dir, `${name}.key`);
  const certFile = path.join(dir, name);
  fs.copyFileSync(throwawayKeyFile(), keyFile);
  execFileSync('openssl', ['req', '-x509', '-key', keyFile, '-out', certFile, '-subj', '/CN=sealed-secret/O=sealed-secret', '-days', '2'], { stdio: 'ignore' });
  return { certFile, privateKey: crypto.createPrivateKey(fs.readFileSync(keyFile)) };
}

/**
 * Replaces the workspace's certificate by one openssl makes with `args`: a new key of another size
 * (`-newkey rsa:N`), or the throwaway key (`-key`, throwawayKeyFile()), and a validity.
 */
function certificateWith(dir: string, args: readonly string[]): void {
  const key = path.join(dir, 'certs', 'other.key');
  const keyArgs = args[0] === '-key' ? args : [...args, '-nodes', '-keyout', key];
  execFileSync('openssl', ['req', '-x509', ...keyArgs, '-out', path.join(dir, 'certs', 'sealed-secrets.pem'), '-subj', '/CN=sealed-secret'], {
    stdio: 'ignore',
  });
}

/** A certificate that expired yesterday: openssl x509 -days -1 signs one whose notAfter is before its notBefore. */
function expiredCertificate(dir: string): void {
  const key = throwawayKeyFile();
  const request = path.join(dir, 'certs', 'expired.csr');
  execFileSync('openssl', ['req', '-new', '-key', key, '-subj', '/CN=sealed-secret', '-out', request], { stdio: 'ignore' });
  execFileSync('openssl', ['x509', '-req', '-in', request, '-signkey', key, '-days', '-1', '-out', path.join(dir, 'certs', 'sealed-secrets.pem')], {
    stdio: 'ignore',
  });
}

/**
 * The controller's singleDecrypt (sealed-secrets pkg/crypto/crypto.go, v0.36.6), with Node's standard OAEP:
 * uint16 length, RSA-OAEP(SHA-256, label) of the session key, AES-256-GCM with a zero nonce.
 */
function unseal(privateKey: crypto.KeyObject, base64: string, label: Buffer): string {
  const data = Buffer.from(base64, 'base64');
  const rsaLength = data.readUInt16BE(0);
  const sessionKey = crypto.privateDecrypt(
    { key: privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label },
    data.subarray(2, 2 + rsaLength),
  );
  const aes = data.subarray(2 + rsaLength);
  const decipher = crypto.createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(aes.subarray(aes.length - 16));
  return Buffer.concat([decipher.update(aes.subarray(0, aes.length - 16)), decipher.final()]).toString('utf8');
}

/** A clusters folder with one cluster file and the controller's certificate under certs/. */
function workspace(text: string): { dir: string; file: string; privateKey: crypto.KeyObject } {
  const dir = tempDir('credentials');
  fs.mkdirSync(path.join(dir, 'certs'));
  const { privateKey } = throwawayCertificate(path.join(dir, 'certs'));
  const file = path.join(dir, 'a.yaml');
  fs.writeFileSync(file, text);
  return { dir, file, privateKey };
}

const BLOCK_CREDENTIALS = [
  '',
  '  # Terway reads its AccessKey from kube-system/alibaba-addon-secret',
  '  credentials:',
  "    mode: sealed-secrets      # sealed for the cluster's controller",
  '    certificate: certs/sealed-secrets.pem',
  '    # (encryptedData comes from npm run seal)',
].join('\n');

function sealInto(dir: string, env: Environment = ENV, ask: AskHidden = NO_TERMINAL) {
  return sealClusterFile({ clustersDir: dir, cluster: 'a', env, ask });
}

function encryptedDataOf(file: string): Record<string, string> {
  return (parse(fs.readFileSync(file, 'utf8')) as { terway: { credentials: { encryptedData: Record<string, string> } } }).terway.credentials.encryptedData;
}

/** The lines of `after` that are not in `before`, and those of `before` that are gone. */
function lineChanges(before: string, after: string): { added: string[]; removed: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  return { added: b.filter((l) => !a.includes(l)), removed: a.filter((l) => !b.includes(l)) };
}

afterAll(cleanTempDirs);

describe('the kubeseal format', () => {
  const dir = tempDir('credentials-format');
  const { certFile, privateKey } = throwawayCertificate(dir);
  const key = sealingKey(fs.readFileSync(certFile, 'utf8'));

  test('GIVEN a value sealed for a certificate WHEN the controller opens it with its private key THEN it is the value, and only under the strict label', () => {
    const sealed = sealValue(key, encryptionLabel('kube-system', 'alibaba-addon-secret'), SECRET);
    expect(unseal(privateKey, sealed, STRICT)).toBe(SECRET);
    expect(() => unseal(privateKey, sealed, Buffer.from('kube-system'))).toThrow();
    expect(() => unseal(privateKey, sealed, Buffer.from('kube-system/other'))).toThrow();
  });

  test('GIVEN the same value sealed twice THEN the ciphertexts differ (random seed and session key) and both pass the format check', () => {
    const label = encryptionLabel('kube-system', 'alibaba-addon-secret');
    const [one, two] = [sealValue(key, label, ID), sealValue(key, label, ID)];
    expect(one).not.toBe(two);
    expect([sealedValueProblem(one), sealedValueProblem(two)]).toEqual([undefined, undefined]);
  });

  test.each([
    ['', 'it is empty'],
    [ID, 'it is not standard base64'],
    [Buffer.alloc(60, 1).toString('base64'), 'its RSA part has an impossible length'],
    ['AgB' + 'A'.repeat(40), 'it is not standard base64'],
    [FAKE_SEALED_ID.slice(0, 400), 'it is too short for its RSA part'],
    [`${FAKE_SEALED_ID.slice(0, 100)} ${FAKE_SEALED_ID.slice(101)}`, 'it contains white space'],
    [`${FAKE_SEALED_ID.slice(0, 10)}-${FAKE_SEALED_ID.slice(11)}`, 'it is not standard base64'],
  ])('GIVEN %#: a value that is no sealed value THEN the check says why: %s', (value, why) => {
    expect(sealedValueProblem(value)).toBe(why);
  });
});

describe('seal writes only terway.credentials.encryptedData', () => {
  test('GIVEN a block-style file without encryptedData WHEN sealed THEN only the new lines are added and the controller opens both values', () => {
    const before = clusterYaml('a', { terway: BLOCK_CREDENTIALS });
    const { dir, file, privateKey } = workspace(before);
    fs.chmodSync(file, 0o640);

    const result = sealInto(dir);

    const after = fs.readFileSync(file, 'utf8');
    const { added, removed } = lineChanges(before, after);
    expect(removed).toEqual([]);
    expect(added.map((l) => l.replace(/: .*/, ': …'))).toEqual(['    encryptedData:', '      access-key-id: …', '      access-key-secret: …']);
    expect(after.replace(/\n {4}encryptedData:\n.*\n.*\n/, '\n')).toBe(before);
    const data = encryptedDataOf(file);
    expect(unseal(privateKey, data['access-key-id'], STRICT)).toBe(ID);
    expect(unseal(privateKey, data['access-key-secret'], STRICT)).toBe(SECRET);
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir).sort()).toEqual(['a.yaml', 'certs']);
    expect(result).toEqual({ file: expect.stringMatching(/a\.yaml$/), certificate: 'certs/sealed-secrets.pem' });
  });

  test('GIVEN a file already sealed WHEN sealed again THEN only the two value lines change, and comments inside the file stay', () => {
    const { dir, file } = workspace(clusterYaml('a', { terway: BLOCK_CREDENTIALS }));
    sealInto(dir);
    const once = fs.readFileSync(file, 'utf8');

    sealInto(dir);

    const { added, removed } = lineChanges(once, fs.readFileSync(file, 'utf8'));
    expect(removed.map((l) => l.replace(/: .*/, ''))).toEqual(['      access-key-id', '      access-key-secret']);
    expect(added.map((l) => l.replace(/: .*/, ''))).toEqual(['      access-key-id', '      access-key-secret']);
    expect(fs.readFileSync(file, 'utf8')).toContain("    mode: sealed-secrets      # sealed for the cluster's controller\n");
  });

  test('GIVEN credentials in flow style THEN encryptedData is added inside the same flow mapping', () => {
    const before = clusterYaml('a', { terway: ' { credentials: { mode: sealed-secrets, certificate: certs/sealed-secrets.pem } }' });
    const { dir, file, privateKey } = workspace(before);
    sealInto(dir);
    const after = fs.readFileSync(file, 'utf8');
    expect(after).toMatch(
      /^terway: \{ credentials: \{ mode: sealed-secrets, certificate: certs\/sealed-secrets\.pem, encryptedData: \{ access-key-id: \S+, access-key-secret: \S+ \} \} \}$/m,
    );
    expect(unseal(privateKey, encryptedDataOf(file)['access-key-secret'], STRICT)).toBe(SECRET);
  });

  test('GIVEN a file with CRLF line ends and an old encryptedData in flow style THEN the value is replaced and CRLF kept', () => {
    const before = clusterYaml('a', { terway: `${BLOCK_CREDENTIALS}\n    encryptedData: { access-key-id: old, access-key-secret: old }` }).replace(
      /\n/g,
      '\r\n',
    );
    const { dir, file } = workspace(before);
    sealInto(dir);
    const after = fs.readFileSync(file, 'utf8');
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    expect(after).toMatch(/\r\n {4}encryptedData: \{ access-key-id: \S+, access-key-secret: \S+ \}\r\n/);
  });

  test.each([
    ['an empty encryptedData:', `${BLOCK_CREDENTIALS}\n    encryptedData:`, /\n {4}encryptedData: \{ access-key-id: \S+, access-key-secret: \S+ \}\n/],
    [
      'credentials last in a file without a final newline',
      `${BLOCK_CREDENTIALS.replace(/\n {2}# \(encryptedData.*$/, '')}`,
      /\n {4}encryptedData:\n {6}access-key-id: \S+\n {6}access-key-secret: \S+\n/,
    ],
    [
      'an old encryptedData with a comment inside',
      `${BLOCK_CREDENTIALS}\n    encryptedData:\n      # sealed 2026-01-01\n      access-key-id: old\n      access-key-secret: old   # to rotate`,
      /\n {4}encryptedData:\n {6}# sealed 2026-01-01\n {6}access-key-id: \S+\n {6}access-key-secret: \S+\n/,
    ],
  ])('GIVEN %s THEN seal writes a valid encryptedData there and keeps every other line', (_, terway, expected) => {
    const before = clusterYaml('a', { terway });
    const { dir, file } = workspace(before);
    sealInto(dir);
    const after = fs.readFileSync(file, 'utf8');
    expect(after).toMatch(expected);
    const outside = (text: string) => text.split('\n').filter((l) => !/encryptedData|access-key-|# sealed 2026/.test(l));
    expect(outside(after)).toEqual(outside(before));
    expect(parseClusterFile('a.yaml', after).problems).toEqual([]);
  });

  test('GIVEN the AccessKey typed on the terminal THEN it is sealed, and asked for without its value in any question', () => {
    const { dir, file, privateKey } = workspace(clusterYaml('a', { terway: BLOCK_CREDENTIALS }));
    const questions: string[] = [];
    sealInto(dir, {}, (question) => {
      questions.push(question);
      return question.startsWith('AccessKey ID') ? ID : SECRET;
    });
    expect(questions).toEqual(['AccessKey ID (ALIBABA_CLOUD_ACCESS_KEY_ID): ', 'AccessKey secret (ALIBABA_CLOUD_ACCESS_KEY_SECRET): ']);
    expect(unseal(privateKey, encryptedDataOf(file)['access-key-id'], STRICT)).toBe(ID);
  });

  describe('refusals leave the file as it was', () => {
    const none = () => undefined;
    const cases: [string, (dir: string, file: string) => void, (dir: string) => unknown, string | RegExp][] = [
      [
        'neither variable set and no terminal',
        none,
        (dir) => sealInto(dir, {}),
        'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set and there is no terminal to ask on',
      ],
      [
        'an STS AccessKey ID',
        none,
        (dir) => sealInto(dir, { ...ENV, ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.NTFakeStsKey0000000' }),
        'the AccessKey ID (ALIBABA_CLOUD_ACCESS_KEY_ID) is not a RAM AccessKey: found 23 characters',
      ],
      [
        'a symbolic link',
        (dir, file) => {
          fs.renameSync(file, path.join(dir, 'real.txt'));
          fs.symlinkSync(path.join(dir, 'real.txt'), file);
        },
        (dir) => sealInto(dir),
        /a\.yaml: found a symbolic link; allowed: a regular file/,
      ],
      [
        'a cluster name no file has',
        none,
        (dir) => sealClusterFile({ clustersDir: dir, cluster: 'b', env: ENV, ask: NO_TERMINAL }),
        /no cluster file in .* is named "b"; the names there: a /,
      ],
      [
        'a certificate that is missing',
        (dir) => fs.rmSync(path.join(dir, 'certs/sealed-secrets.pem')),
        (dir) => sealInto(dir),
        /a\.yaml:\d+:\d+: terway\.credentials\.certificate: found ".*certs\/sealed-secrets\.pem", which cannot be read \(ENOENT\); allowed: .*kubeseal --fetch-cert/,
      ],
      [
        'a certificate that is no certificate',
        (dir) => fs.writeFileSync(path.join(dir, 'certs/sealed-secrets.pem'), 'not a certificate\n'),
        (dir) => sealInto(dir),
        /not a PEM certificate/,
      ],
      [
        'a certificate for a 512-bit key (which crashed seal: OAEP-SHA-256 does not fit)',
        (dir) => certificateWith(dir, ['-newkey', 'rsa:512', '-days', '2']),
        (dir) => sealInto(dir),
        /a certificate for a 512-bit RSA key: at least 2048 bits \(NIST SP 800-131A/,
      ],
      [
        'a certificate for a 1024-bit key (refused with a message about YAML aliases)',
        (dir) => certificateWith(dir, ['-newkey', 'rsa:1024', '-days', '2']),
        (dir) => sealInto(dir),
        /a certificate for a 1024-bit RSA key: at least 2048 bits/,
      ],
      [
        'an expired certificate',
        (dir) => certificateWith(dir, ['-key', throwawayKeyFile(), '-days', '2']),
        (dir) => sealClusterFile({ clustersDir: dir, cluster: 'a', env: ENV, ask: NO_TERMINAL, now: new Date(Date.now() + 3 * 86_400_000) }),
        /a certificate that expired on [0-9]{4}-[0-9]{2}-[0-9]{2} \(kubeseal refuses it too\): fetch the controller's current one with kubeseal --fetch-cert/,
      ],
      [
        'an expired certificate, as openssl -days -1 makes it, through the CLI clock',
        (dir) => expiredCertificate(dir),
        (dir) => sealInto(dir),
        /a certificate that expired on /,
      ],
      [
        'a certificate not yet valid',
        (dir) => certificateWith(dir, ['-key', throwawayKeyFile(), '-days', '2']),
        (dir) => sealClusterFile({ clustersDir: dir, cluster: 'a', env: ENV, ask: NO_TERMINAL, now: new Date(Date.now() - 86_400_000) }),
        /a certificate that is not valid before [0-9]{4}-[0-9]{2}-[0-9]{2}/,
      ],
      [
        "the controller's private key instead of its certificate",
        (dir) => fs.copyFileSync(path.join(dir, 'certs/sealed-secrets.pem.key'), path.join(dir, 'certs/sealed-secrets.pem')),
        (dir) => sealInto(dir),
        /a private key, not a certificate: give the controller's certificate \(kubeseal --fetch-cert\), and keep its private key out of the repository/,
      ],
      [
        'a public key instead of a certificate',
        (dir) =>
          fs.writeFileSync(
            path.join(dir, 'certs/sealed-secrets.pem'),
            crypto.createPublicKey(fs.readFileSync(path.join(dir, 'certs/sealed-secrets.pem.key'))).export({ type: 'spki', format: 'pem' }),
          ),
        (dir) => sealInto(dir),
        /a public key, not a certificate/,
      ],
      [
        'a certificate that is a device',
        (_, file) => fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('certs/sealed-secrets.pem', '../../../../../../../../dev/zero')),
        (dir) => sealInto(dir),
        /terway\.credentials\.certificate: found "\/dev\/zero", which is not a regular file/,
      ],
    ];
    test.each(cases)('GIVEN %s THEN seal refuses', (_, setup, run, message) => {
      const { dir, file } = workspace(clusterYaml('a', { terway: BLOCK_CREDENTIALS }));
      setup(dir, file);
      const before = fs.readFileSync(file, 'utf8');
      let error: unknown;
      try {
        run(dir);
      } catch (e) {
        error = e;
      }
      expect((error as Error).name).toMatch(/^(UserError|InvalidClustersError)$/);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(ID.slice(8));
      expect(fs.readFileSync(file, 'utf8')).toBe(before);
      expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    });
  });

  test('GIVEN mode unmanaged THEN seal points at the mode, and writes nothing', () => {
    const before = clusterYaml('a', { terway: ' { maxPoolSize: 5 }' });
    const { dir, file } = workspace(before);
    expect(() => sealInto(dir)).toThrow(
      /(^|\/)a\.yaml:15:1: terway\.credentials\.mode: found nothing: the key is missing; allowed: "sealed-secrets", with the controller's certificate/,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('GIVEN another mistake in the file THEN seal reports it as validate would, and writes nothing', () => {
    const before = clusterYaml('a', { terway: BLOCK_CREDENTIALS }).replace('podCidr: 10.100.0.0/16', 'podCidr: 10.100.0.0/33');
    const { dir, file } = workspace(before);
    expect(() => sealInto(dir)).toThrow(/(^|\/)a\.yaml:7:12: onPrem\.podCidr: found "10\.100\.0\.0\/33"/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('synth copies the committed ciphertext and never reads the AccessKey', () => {
  test('GIVEN committed encryptedData and no AccessKey anywhere THEN the SealedSecret carries exactly it, strict-scoped and retained', () => {
    const object = parse(bundleOf({ 'a.yaml': clusterYaml('a', { terway: SEALED_TERWAY }) }).get(SEALED_SECRET_FILE)!) as KubeDoc;
    expect(object.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(object.metadata).toEqual({
      name: 'alibaba-addon-secret',
      namespace: 'kube-system',
      annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
    });
    expect(object.spec).toEqual({
      encryptedData: { 'access-key-id': FAKE_SEALED_ID, 'access-key-secret': FAKE_SEALED_SECRET },
      template: {
        metadata: { name: 'alibaba-addon-secret', namespace: 'kube-system', annotations: { 'sealedsecrets.bitnami.com/skip-set-owner-references': 'true' } },
        type: 'Opaque',
      },
    });
  });

  test('GIVEN seal then synth through the CLI, with the AccessKey only for seal THEN synth succeeds without it and nothing holds the AccessKey', () => {
    const { dir, file } = workspace(clusterYaml('a', { terway: BLOCK_CREDENTIALS }));
    const lines: string[] = [];
    const io: Io = { stdout: (l) => lines.push(l), stderr: (l) => lines.push(l) };
    const saved = { ...process.env };
    Object.assign(process.env, ENV);
    let sealCode: number;
    try {
      sealCode = main(['seal', 'a', '--clusters', dir], io);
    } finally {
      for (const name of Object.keys(ENV)) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
    expect(process.env.ALIBABA_CLOUD_ACCESS_KEY_ID).toBe(saved.ALIBABA_CLOUD_ACCESS_KEY_ID);
    // Its own temporary folder (removed after the file), not a sibling of the clusters folder, which nothing removed.
    const out = path.join(tempDir('credentials-out'), 'dist');
    // synth in a child with neither variable set, as in CI.
    const synth = runCli(['synth', '--clusters', dir, '--out', out], {
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: undefined, ALIBABA_CLOUD_ACCESS_KEY_SECRET: undefined },
    });
    lines.push(synth.stdout, synth.stderr);
    const synthCode = synth.status;
    expect([sealCode, synthCode]).toEqual([0, 0]);
    expect(parse(fs.readFileSync(path.join(out, SEALED_SECRET_FILE), 'utf8')).spec.encryptedData).toEqual(encryptedDataOf(file));
    expectNoSecrets({ ...filesOf(out), ...filesOf(dir), output: lines.join('\n') }, [FAKE_SECRETS.accessKeyId, FAKE_SECRETS.accessKeySecret]);
  });

  test('GIVEN the same cluster file THEN two builds give the same bytes', () => {
    const text = clusterYaml('a', { terway: SEALED_TERWAY });
    expect(bundleOf({ 'a.yaml': text }).get(SEALED_SECRET_FILE)).toBe(bundleOf({ 'a.yaml': text }).get(SEALED_SECRET_FILE));
  });
});

describe('one shape per mode: missing and extra keys are named with the fix', () => {
  const problemsOf = (terway: string) => parseClusterFile('a.yaml', clusterYaml('a', { terway })).problems.map(formatProblem).join('\n');
  const ES = 'externalSecret: { storeName: s, accessKeyId: { key: a }, accessKeySecret: { key: b } }';
  const DATA = `encryptedData: { access-key-id: "${FAKE_SEALED_ID}", access-key-secret: "${FAKE_SEALED_SECRET}" }`;

  test.each([
    [
      ` { credentials: { mode: sealed-secrets, ${DATA} } }`,
      'terway.credentials.certificate: found nothing: the key is missing; allowed: a required key: the sealed-secrets controller\'s certificate (kubeseal --fetch-cert), a path relative to the cluster file, required with mode "sealed-secrets"',
    ],
    [
      ' { credentials: { mode: sealed-secrets, certificate: c.pem } }',
      "terway.credentials.encryptedData: found nothing: the file is not sealed yet; allowed: the sealed AccessKey { access-key-id, access-key-secret }, sealed for the certificate in terway.credentials.certificate (seal writes it: run 'ack-hybrid seal --clusters . a')",
    ],
    [
      ` { credentials: { mode: external-secrets, certificate: a.pem, ${ES} } }`,
      'terway.credentials.certificate: found an unknown key "certificate"; allowed: the keys mode, externalSecret with mode "external-secrets"',
    ],
    [` { credentials: { ${ES} } }`, 'terway.credentials.externalSecret: found an unknown key "externalSecret"; allowed: the keys mode with mode "unmanaged"'],
    [' { credentials: { mode: vault } }', 'terway.credentials.mode: found "vault"; allowed: one of "unmanaged", "sealed-secrets", "external-secrets"'],
    [
      ' { credentials: { mode: sealed-secrets, certificate: c.pem, encryptedData: { access-key-id: not-sealed, access-key-secret: "" } } }',
      'terway.credentials.encryptedData.access-key-id: found "not-sealed"; allowed: a value sealed for the cluster\'s controller',
    ],
  ])('GIVEN terway%s THEN the problem reads %s', (terway, expected) => {
    expect(problemsOf(terway)).toContain(expected);
  });

  test('GIVEN a key of another mode THEN the hint names the mode that reads it', () => {
    expect(problemsOf(` { credentials: { mode: external-secrets, certificate: a.pem, ${ES} } }`)).toContain(
      '(certificate is only read with mode "sealed-secrets": set that mode, or remove certificate)',
    );
    expect(problemsOf(` { credentials: { ${ES} } }`)).toContain(
      '(externalSecret is only read with mode "external-secrets": set that mode, or remove externalSecret)',
    );
  });

  test('GIVEN an AccessKey pasted as encryptedData THEN it is refused and masked, never echoed', () => {
    const message = problemsOf(
      ` { credentials: { mode: sealed-secrets, certificate: c.pem, encryptedData: { access-key-id: ${ID}, access-key-secret: ${SECRET} } } }`,
    );
    expect(message).toContain('terway.credentials.encryptedData.access-key-id: found "LTAI****"');
    expectNoSecrets({ message }, [FAKE_SECRETS.accessKeyId, FAKE_SECRETS.accessKeySecret]);
  });
});

describe('external-secrets mode', () => {
  test('GIVEN a store and keys THEN an ExternalSecret makes kube-system/alibaba-addon-secret, orphaned and retained', () => {
    const terway =
      ' { credentials: { mode: external-secrets, externalSecret: { storeName: alibaba-kms, accessKeyId: { key: terway/ak, property: id }, accessKeySecret: { key: terway/sk } } } }';
    const object = parse(bundleOf({ 'a.yaml': clusterYaml('a', { terway }) }).get('a/externalsecret.kube-system.alibaba-addon-secret.yaml')!) as KubeDoc;
    expect(object.apiVersion).toBe('external-secrets.io/v1');
    expect(object.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    });
    expect(object.spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'alibaba-kms' },
      target: { name: 'alibaba-addon-secret', creationPolicy: 'Orphan', deletionPolicy: 'Retain' },
      data: [
        { secretKey: 'access-key-id', remoteRef: { key: 'terway/ak', property: 'id' } },
        { secretKey: 'access-key-secret', remoteRef: { key: 'terway/sk' } },
      ],
    });
  });
});

describe('the runbook says how the Secret comes to be and how to rotate it', () => {
  const RESTART = 'kubectl -n kube-system rollout restart daemonset/terway-eniip';
  test.each([
    [' {}', 'kubectl -n kube-system create secret generic alibaba-addon-secret'],
    [
      ' { credentials: { mode: external-secrets, externalSecret: { storeName: kms, accessKeyId: { key: ak/id }, accessKeySecret: { key: ak/secret } } } }',
      'external-secrets updates the Secret within `1h`',
    ],
    [SEALED_TERWAY, 'ack-hybrid seal a      # rewrites only terway.credentials.encryptedData in a.yaml'],
  ])('GIVEN terway%s THEN RUNBOOK.md says %s, and to restart Terway after a rotation', (terway, expected) => {
    const runbook = bundleOf({ 'a.yaml': clusterYaml('a', { terway }) }).get('a/RUNBOOK.md')!;
    expect(runbook).toContain('. Give Terway its AccessKey\n');
    expect(runbook).toContain(expected);
    expect(runbook).toContain(`Terway reads the Secret only when it starts`);
    expect(runbook).toContain(`\`\`\`sh\n${RESTART}\n\`\`\``);
  });

  test('GIVEN the unmanaged mode THEN the command that creates the Secret puts the key on no command line (bash builtins feed kubectl files)', () => {
    const runbook = bundleOf({ 'a.yaml': clusterYaml('a', { terway: ' {}' }) }).get('a/RUNBOOK.md')!;
    expect(runbook).not.toContain('--from-literal');
    expect(runbook).toContain(`--from-file=access-key-secret=<(printf '%s' "$ALIBABA_CLOUD_ACCESS_KEY_SECRET")`);
  });
});
