/**
 * Seals one value for the sealed-secrets controller in the format kubeseal writes, with Node's standard
 * crypto only (no own padding, no own randomness). The format is that of bitnami-labs/sealed-secrets
 * `pkg/crypto/crypto.go` HybridEncrypt (v0.36.6, commit 6dc88036):
 *
 *   uint16 big-endian length of the RSA part
 *   || RSA-OAEP(SHA-256, MGF1-SHA-256, label) of a random 32-byte session key (random OAEP seed)
 *   || AES-256-GCM(session key, 12-byte zero nonce) of the value, followed by its 16-byte tag
 *
 * and `pkg/kubeseal/kubeseal.go` EncryptSecretItem (`kubeseal --raw`) writes it as standard base64. The
 * zero nonce is sealed-secrets' own choice and is safe because every value gets a fresh session key.
 * The OAEP label is the sealing scope (`pkg/apis/sealedsecrets/v1alpha1/sealedsecret_expansion.go`
 * EncryptionLabel): `namespace/name` for the strict scope, which binds the ciphertext to that one Secret.
 *
 * Every call gives a new ciphertext: that is why sealing is a separate command (`ack-hybrid seal`) whose
 * result is committed in the cluster file, and synth only copies it.
 */
import * as crypto from 'crypto';
import { sealingCertificate } from './certificate';

const SESSION_KEY_BYTES = 32;
const GCM_NONCE = Buffer.alloc(12);

export type SealingScope = 'strict' | 'namespace-wide' | 'cluster-wide';

/** The OAEP label of a sealing scope (sealed-secrets' EncryptionLabel). */
export function encryptionLabel(namespace: string, name: string, scope: SealingScope = 'strict'): Buffer {
  return Buffer.from(scope === 'cluster-wide' ? '' : scope === 'namespace-wide' ? namespace : `${namespace}/${name}`, 'utf8');
}

/**
 * The controller's public key from its PEM certificate (kubeseal --fetch-cert), checked as seal checks it
 * (certificate.ts: a certificate, RSA of 2048 to 8192 bits, valid at `now`); throws with the reason otherwise.
 */
export function sealingKey(pem: string, now: Date = new Date()): crypto.KeyObject {
  const checked = sealingCertificate(pem, now);
  if ('problem' in checked) throw new Error(checked.problem);
  return checked.key;
}

/** Seals one value; returns it as kubeseal --raw prints it (standard base64). */
export function sealValue(publicKey: crypto.KeyObject, label: Buffer, plaintext: string): string {
  const sessionKey = crypto.randomBytes(SESSION_KEY_BYTES);
  const rsaPart = crypto.publicEncrypt({ key: publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label }, sessionKey);
  const cipher = crypto.createCipheriv('aes-256-gcm', sessionKey, GCM_NONCE);
  const aesPart = Buffer.concat([cipher.update(Buffer.from(plaintext, 'utf8')), cipher.final(), cipher.getAuthTag()]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(rsaPart.length);
  return Buffer.concat([length, rsaPart, aesPart]).toString('base64');
}
