import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { main } from '../main';
import { Io } from '../src/cli/common';
import { UserError } from '../src/config/problems';
import { encryptionLabel, sealingKey, sealValue } from '../src/credentials/seal';
import { bundleOf, clusterYaml, FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_SECRET, FAKE_ENV, KubeDoc } from './gitops-helpers';

/** A throwaway sealing key pair, as the controller would have: a self-signed certificate and its key. */
function throwawayCertificate(dir: string, name = 'sealed-secrets.pem'): { certFile: string; privateKey: crypto.KeyObject } {
  const keyFile = path.join(dir, `${name}.key`);
  const certFile = path.join(dir, name);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-subj', '/CN=sealed-secret/O=sealed-secret', '-days', '2'], { stdio: 'ignore' });
  return { certFile, privateKey: crypto.createPrivateKey(fs.readFileSync(keyFile)) };
}

/** kubeseal's HybridDecrypt, written from its format with Node's standard OAEP: the proof that the format matches. */
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

const SEALED = ' { credentials: { mode: sealed-secrets, certificate: certs/sealed-secrets.pem } }';

describe('sealed-secrets mode', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-hybrid-credentials-'));
  fs.mkdirSync(path.join(dir, 'certs'));
  const { privateKey } = throwawayCertificate(path.join(dir, 'certs'));
  const build = (env = FAKE_ENV) => bundleOf({ 'a.yaml': clusterYaml('a', { terway: SEALED }) }, env, dir);
  const sealed = () => parse(build().get('a/sealedsecret.kube-system.alibaba-addon-secret.yaml')!) as KubeDoc;

  test('GIVEN a certificate and the AccessKey in the environment THEN the controller\'s private key unseals both values (strict scope)', () => {
    const object = sealed();
    const label = Buffer.from('kube-system/alibaba-addon-secret');
    expect(unseal(privateKey, object.spec.encryptedData['access-key-id'], label)).toBe(FAKE_ACCESS_KEY_ID);
    expect(unseal(privateKey, object.spec.encryptedData['access-key-secret'], label)).toBe(FAKE_ACCESS_KEY_SECRET);
    expect(() => unseal(privateKey, object.spec.encryptedData['access-key-id'], Buffer.from('kube-system'))).toThrow();
  });

  test('GIVEN the SealedSecret THEN it is strict-scoped, retained, and its Secret has no owner reference', () => {
    const object = sealed();
    expect(object.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(object.metadata).toEqual({
      name: 'alibaba-addon-secret',
      namespace: 'kube-system',
      annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
    });
    expect(object.spec.template).toEqual({
      metadata: { name: 'alibaba-addon-secret', namespace: 'kube-system', annotations: { 'sealedsecrets.bitnami.com/skip-set-owner-references': 'true' } },
      type: 'Opaque',
    });
  });

  test('GIVEN the same AccessKey and certificate WHEN synthesized twice THEN the bytes are the same', () => {
    expect(build().get('a/sealedsecret.kube-system.alibaba-addon-secret.yaml')).toBe(build().get('a/sealedsecret.kube-system.alibaba-addon-secret.yaml'));
  });

  test('GIVEN a new secret THEN only its ciphertext changes, and it still unseals', () => {
    const before = sealed().spec.encryptedData;
    const rotated = parse(build({ ...FAKE_ENV, ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'FakeRotatedSecret000000000000' }).get('a/sealedsecret.kube-system.alibaba-addon-secret.yaml')!) as KubeDoc;
    expect(rotated.spec.encryptedData['access-key-id']).toBe(before['access-key-id']);
    expect(rotated.spec.encryptedData['access-key-secret']).not.toBe(before['access-key-secret']);
    expect(unseal(privateKey, rotated.spec.encryptedData['access-key-secret'], Buffer.from('kube-system/alibaba-addon-secret'))).toBe('FakeRotatedSecret000000000000');
  });

  test('GIVEN the same value under another data key, scope or certificate THEN the ciphertext differs', () => {
    const other = throwawayCertificate(dir, 'other.pem');
    const key = sealingKey(fs.readFileSync(path.join(dir, 'certs/sealed-secrets.pem'), 'utf8'));
    const strict = encryptionLabel('kube-system', 'alibaba-addon-secret');
    const base = sealValue(key, strict, 'k', 'v');
    expect(sealValue(key, strict, 'k', 'v')).toBe(base);
    expect(sealValue(key, strict, 'k2', 'v')).not.toBe(base);
    expect(sealValue(key, encryptionLabel('kube-system', 'x', 'namespace-wide'), 'k', 'v')).not.toBe(base);
    expect(sealValue(sealingKey(fs.readFileSync(other.certFile, 'utf8')), strict, 'k', 'v')).not.toBe(base);
  });

  test('GIVEN neither variable set THEN a UserError names both variables', () => {
    expect(() => build({})).toThrow(
      new UserError(
        'a.yaml: terway.credentials.mode is "sealed-secrets", which seals Terway\'s AccessKey from the environment, but ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set: export ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (the AccessKey of the RAM user with terway-ram-policy.json) and run again',
      ),
    );
  });

  test('GIVEN only the ID set THEN the error names the missing variable and never the value that is set', () => {
    let message = '';
    try {
      build({ ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set');
    expect(message).not.toContain(FAKE_ACCESS_KEY_ID);
  });

  test('GIVEN a certificate path that does not exist THEN a UserError names the field, the file and how to get it', () => {
    const text = clusterYaml('a', { terway: ' { credentials: { mode: sealed-secrets, certificate: certs/missing.pem } }' });
    expect(() => bundleOf({ 'a.yaml': text }, FAKE_ENV, dir)).toThrow(/^a\.yaml: terway\.credentials\.certificate: cannot read ".*certs\/missing\.pem" \(ENOENT\); allowed: .*kubeseal --fetch-cert/);
  });

  test('GIVEN a file that is no certificate THEN a UserError says so', () => {
    fs.writeFileSync(path.join(dir, 'certs/garbage.pem'), 'not a certificate\n');
    const text = clusterYaml('a', { terway: ' { credentials: { mode: sealed-secrets, certificate: certs/garbage.pem } }' });
    expect(() => bundleOf({ 'a.yaml': text }, FAKE_ENV, dir)).toThrow(/is not a PEM certificate with an RSA key/);
  });

  test('GIVEN mode sealed-secrets without a certificate THEN the cluster file is refused at load', () => {
    expect(() => bundleOf({ 'a.yaml': clusterYaml('a', { terway: ' { credentials: { mode: sealed-secrets } }' }) })).toThrow(
      'terway.credentials.certificate: found nothing: the key is missing; allowed: a required key: the sealed-secrets controller\'s certificate (kubeseal --fetch-cert), required with mode "sealed-secrets"',
    );
  });
});

describe('external-secrets mode', () => {
  test('GIVEN a store and keys THEN an ExternalSecret makes kube-system/alibaba-addon-secret, orphaned and retained', () => {
    const terway = ' { credentials: { mode: external-secrets, externalSecret: { storeName: alibaba-kms, accessKeyId: { key: terway/ak, property: id }, accessKeySecret: { key: terway/sk } } } }';
    const object = parse(bundleOf({ 'a.yaml': clusterYaml('a', { terway }) }).get('a/externalsecret.kube-system.alibaba-addon-secret.yaml')!) as KubeDoc;
    expect(object.apiVersion).toBe('external-secrets.io/v1');
    expect(object.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
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

  test('GIVEN a certificate with mode external-secrets THEN it is refused: it would be ignored', () => {
    const terway = ' { credentials: { mode: external-secrets, certificate: a.pem, externalSecret: { storeName: s, accessKeyId: { key: a }, accessKeySecret: { key: b } } } }';
    expect(() => bundleOf({ 'a.yaml': clusterYaml('a', { terway }) })).toThrow(
      'terway.credentials.certificate: found "a.pem"; allowed: no certificate: it is only read with mode "sealed-secrets"',
    );
  });
});

describe('no AccessKey anywhere', () => {
  test('GIVEN every mode, with the AccessKey in the environment THEN neither value appears in any file, stdout or stderr', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-hybrid-noleak-'));
    const clusters = path.join(dir, 'clusters');
    fs.mkdirSync(path.join(clusters, 'certs'), { recursive: true });
    throwawayCertificate(path.join(clusters, 'certs'));
    fs.writeFileSync(path.join(clusters, 'a.yaml'), clusterYaml('a', { terway: SEALED, extra: 'gitops: { tool: argocd, repoUrl: "https://git.example.com/r.git" }' }));
    fs.writeFileSync(path.join(clusters, 'b.yaml'), clusterYaml('b', { terway: ' { credentials: { mode: external-secrets, externalSecret: { storeName: s, accessKeyId: { key: a }, accessKeySecret: { key: b } } } }', extra: 'gitops: { tool: flux, repoUrl: "https://git.example.com/r.git" }' }));
    fs.writeFileSync(path.join(clusters, 'c.yaml'), clusterYaml('c'));
    const lines: string[] = [];
    const io: Io = { stdout: (l) => lines.push(l), stderr: (l) => lines.push(l) };
    const saved = { ...process.env };
    Object.assign(process.env, FAKE_ENV);
    let code: number;
    try {
      code = main(['synth', '--clusters', clusters, '--out', path.join(dir, 'dist')], io);
      // And a failing run: the key is set but the certificate is gone.
      fs.renameSync(path.join(clusters, 'certs/sealed-secrets.pem'), path.join(clusters, 'certs/moved.pem'));
      expect(main(['synth', '--clusters', clusters, '--out', path.join(dir, 'dist2')], io)).toBe(2);
    } finally {
      for (const key of Object.keys(FAKE_ENV)) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
    expect(code).toBe(0);
    const files = execFileSync('find', [path.join(dir, 'dist'), '-type', 'f'], { encoding: 'utf8' }).trim().split('\n');
    expect(files.length).toBeGreaterThan(15);
    const everything = [...files.map((f) => fs.readFileSync(f, 'utf8')), ...lines].join('\n');
    expect(everything).toContain('kind: SealedSecret');
    expect(everything).not.toContain(FAKE_ACCESS_KEY_ID);
    expect(everything).not.toContain(FAKE_ACCESS_KEY_SECRET);
    expect(everything).not.toContain('LTAI5t');
  });
});

describe('the runbook says how the Secret comes to be', () => {
  test.each([
    [' {}', 'kubectl -n kube-system create secret generic alibaba-addon-secret'],
    [' { credentials: { mode: external-secrets, externalSecret: { storeName: kms, accessKeyId: { key: ak/id }, accessKeySecret: { key: ak/secret } } } }', 'reads it from `ClusterSecretStore` `kms`'],
  ])('GIVEN terway %s THEN RUNBOOK.md contains %s', (terway, expected) => {
    const runbook = bundleOf({ 'a.yaml': clusterYaml('a', { terway }) }).get('a/RUNBOOK.md')!;
    expect(runbook).toContain('. Give Terway its AccessKey\n');
    expect(runbook).toContain(expected);
  });

  test('GIVEN sealed-secrets THEN RUNBOOK.md names the certificate and how to hand an existing Secret over', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-hybrid-runbook-'));
    fs.mkdirSync(path.join(dir, 'certs'));
    throwawayCertificate(path.join(dir, 'certs'));
    const runbook = bundleOf({ 'a.yaml': clusterYaml('a', { terway: SEALED }) }, FAKE_ENV, dir).get('a/RUNBOOK.md')!;
    expect(runbook).toContain('(certificate `certs/sealed-secrets.pem`,\nstrict scope)');
    expect(runbook).toContain('kubectl -n kube-system annotate secret alibaba-addon-secret sealedsecrets.bitnami.com/managed=true');
  });
});
