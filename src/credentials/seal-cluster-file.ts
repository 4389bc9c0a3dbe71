/**
 * `ack-hybrid seal <cluster>`: seals Terway's AccessKey for the cluster's sealed-secrets certificate and
 * writes the ciphertext into the cluster file as `terway.credentials.encryptedData`.
 *
 * The cluster file is the user's: this is the one command that writes it, only into a file that is valid
 * apart from encryptedData, changing nothing but that node (encrypted-data-node.ts), atomically and never
 * through a symbolic link (replace-file.ts).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET, ADDON_SECRET } from '../../charts/terway-credentials';
import { displayPath, parseClusterFile, readDefaults } from '../config/load';
import { InvalidClustersError, Problem } from '../config/problems';
import { describeValue } from '../config/describe';
import { decodeText, locate, ParsedSource, valueAt } from '../config/source';
import { AskHidden, Environment, readAccessKey } from './access-key';
import { CREDENTIALS, withEncryptedData } from './encrypted-data-node';
import { findClusterFile } from './find-cluster-file';
import { regularFile, replaceFile } from './replace-file';
import { sealingCertificate } from './certificate';
import { encryptionLabel, sealValue } from './seal';
import { readRegularFile } from '../fs/regular-file';

const ENCRYPTED_DATA = [...CREDENTIALS, 'encryptedData'] as const;
/** A certificate is a few kilobytes; a larger "certificate" is not one (and /dev/zero would never end). */
const MAX_CERTIFICATE_BYTES = 64 * 1024;

export interface SealOptions {
  /** The folder of cluster files. */
  readonly clustersDir: string;
  /** The cluster's `name:`. */
  readonly cluster: string;
  readonly env: Environment;
  readonly ask: AskHidden;
  /** The time the certificate must be valid at; now when omitted (tests give another). */
  readonly now?: Date;
}

export interface SealResult {
  /** The cluster file, as shown to users. */
  readonly file: string;
  /** The certificate the values were sealed for, as written in the cluster file. */
  readonly certificate: string;
}

export function sealClusterFile(options: SealOptions): SealResult {
  const full = findClusterFile(options.clustersDir, options.cluster);
  const file = displayPath(full);
  const before = regularFile(file, full);
  const text = readText(file, full);
  // As synth reads it: merged over the folder's defaults file, which may give the mode and the certificate.
  const defaults = readDefaults(path.dirname(full));
  if (defaults.problems.length > 0) throw new InvalidClustersError(defaults.problems);
  const parsed = parseClusterFile(file, text, defaults.source);
  if (!parsed.source) throw new InvalidClustersError(parsed.problems);
  const source = parsed.source;

  requireSealedSecretsMode(source);
  // Everything but encryptedData must already be valid: seal writes only that node, and only into a good file.
  const problems = parsed.problems.filter((p) => !p.field.startsWith(ENCRYPTED_DATA.join('.')));
  if (problems.length > 0) throw new InvalidClustersError(problems);

  const certificate = valueAt(source.data, [...CREDENTIALS, 'certificate']) as string;
  const key = readCertificate(source, path.dirname(full), certificate, options.now ?? new Date());
  const accessKey = readAccessKey(options.env, options.ask);
  const label = encryptionLabel(ADDON_SECRET.namespace, ADDON_SECRET.name, 'strict');
  const encryptedData = {
    [ACCESS_KEY_ID]: sealValue(key, label, accessKey.id),
    [ACCESS_KEY_SECRET]: sealValue(key, label, accessKey.secret),
  };

  const sealed = withEncryptedData(source, text, encryptedData);
  replaceFile(file, full, before, sealed);
  return { file, certificate };
}

function readText(file: string, full: string): string {
  const { text, problems } = decodeText(file, fs.readFileSync(full));
  if (text === undefined) throw new InvalidClustersError(problems);
  return text;
}

function requireSealedSecretsMode(source: ParsedSource): void {
  const mode = valueAt(source.data, [...CREDENTIALS, 'mode']);
  if (mode === 'sealed-secrets') return;
  const problem: Problem = {
    file: source.file,
    ...locate(source, mode === undefined ? [...CREDENTIALS] : [...CREDENTIALS, 'mode']),
    field: `${CREDENTIALS.join('.')}.mode`,
    found: mode === undefined ? 'nothing: the key is missing' : describeValue(mode),
    allowed:
      '"sealed-secrets", with the controller\'s certificate: seal writes encryptedData only for that mode ' +
      '(terway: { credentials: { mode: sealed-secrets, certificate: certs/sealed-secrets.pem } })',
  };
  throw new InvalidClustersError([problem]);
}

function readCertificate(source: ParsedSource, dir: string, certificate: string, now: Date): crypto.KeyObject {
  const problem = (found: string): never => {
    throw new InvalidClustersError([
      {
        file: source.file,
        ...locate(source, [...CREDENTIALS, 'certificate']),
        field: `${CREDENTIALS.join('.')}.certificate`,
        found,
        allowed: "the sealed-secrets controller's certificate, relative to the cluster file, e.g. from `kubeseal --fetch-cert > certs/sealed-secrets.pem`",
      },
    ]);
  };
  const full = path.resolve(dir, certificate);
  const shown = JSON.stringify(displayPath(full));
  // Read only a regular file of certificate size: a device or a FIFO would never end (regular-file.ts).
  const read = readRegularFile(full, MAX_CERTIFICATE_BYTES);
  if (read.kind === 'error') return problem(`${shown}, which cannot be read (${read.code})`);
  if (read.kind === 'not-regular') return problem(`${shown}, which is not a regular file`);
  if (read.kind === 'too-large') return problem(`${shown}, a file of ${read.size} bytes`);
  const checked = sealingCertificate(read.bytes.toString('utf8'), now);
  return 'problem' in checked ? problem(`${shown}, ${checked.problem}`) : checked.key;
}
