/**
 * Terway's AccessKey for the sealed-secrets mode: read from the standard environment variables (never from
 * the cluster file), sealed with the controller's certificate named in the cluster file. Nothing here ever
 * puts a value of the key into a message.
 */
import * as path from 'path';
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET, ADDON_SECRET } from '../../charts/terway-credentials';
import { displayPath, LoadedCluster } from '../config/load';
import { UserError } from '../config/problems';
import { MAX_REFERENCED_BYTES } from '../config/references';
import { readRegularFile } from '../regular-file';
import { encryptionLabel, sealingKey, sealValue } from './seal';

export const ACCESS_KEY_ID_VARIABLE = 'ALIBABA_CLOUD_ACCESS_KEY_ID';
export const ACCESS_KEY_SECRET_VARIABLE = 'ALIBABA_CLOUD_ACCESS_KEY_SECRET';

export type Environment = Readonly<Record<string, string | undefined>>;

/** The sealed `encryptedData` of kube-system/alibaba-addon-secret for a sealed-secrets cluster. */
export function sealTerwayCredentials(cluster: LoadedCluster, env: Environment): Record<typeof ACCESS_KEY_ID | typeof ACCESS_KEY_SECRET, string> {
  const certificate = cluster.spec.terway.credentials.certificate;
  if (certificate === undefined) throw new Error('sealTerwayCredentials needs terway.credentials.certificate');
  const where = `${cluster.file}: terway.credentials`;

  const missing = [ACCESS_KEY_ID_VARIABLE, ACCESS_KEY_SECRET_VARIABLE].filter((name) => (env[name] ?? '').trim() === '');
  if (missing.length > 0) {
    throw new UserError(
      `${where}.mode is "sealed-secrets", which seals Terway's AccessKey from the environment, but ${missing.join(' and ')} ` +
        `${missing.length === 1 ? 'is' : 'are'} not set: export ${ACCESS_KEY_ID_VARIABLE} and ${ACCESS_KEY_SECRET_VARIABLE} ` +
        '(the AccessKey of the RAM user with terway-ram-policy.json) and run again',
    );
  }

  const file = path.resolve(cluster.dir, certificate);
  // Regular files only, never blocking on open (a FIFO or a device would hang synth): see regular-file.ts.
  const read = readRegularFile(file, MAX_REFERENCED_BYTES);
  const pem = read.kind === 'ok' ? read.bytes.toString('utf8') : undefined;
  if (pem === undefined) {
    const why = read.kind === 'error' ? read.code : read.kind === 'not-regular' ? read.type : read.kind === 'too-large' ? `${read.size} bytes` : 'unreadable';
    throw new UserError(
      `${where}.certificate: cannot read ${JSON.stringify(displayPath(file))} (${why}); ` +
        'allowed: the sealed-secrets controller\'s certificate, relative to the cluster file, e.g. from ' +
        '`kubeseal --fetch-cert > certs/sealed-secrets.pem`',
    );
  }
  let key;
  try {
    key = sealingKey(pem);
  } catch (error) {
    throw new UserError(
      `${where}.certificate: ${JSON.stringify(displayPath(file))} is not a PEM certificate with an RSA key ` +
        `(${error instanceof Error ? error.message : String(error)}); allowed: the output of \`kubeseal --fetch-cert\``,
    );
  }

  const label = encryptionLabel(ADDON_SECRET.namespace, ADDON_SECRET.name, 'strict');
  return {
    [ACCESS_KEY_ID]: sealValue(key, label, ACCESS_KEY_ID, env[ACCESS_KEY_ID_VARIABLE]!.trim()),
    [ACCESS_KEY_SECRET]: sealValue(key, label, ACCESS_KEY_SECRET, env[ACCESS_KEY_SECRET_VARIABLE]!.trim()),
  };
}
