/**
 * Seals a value for the sealed-secrets controller exactly as kubeseal does (bitnami-labs/sealed-secrets,
 * pkg/crypto HybridEncrypt), so the controller unseals it with its private key:
 *
 *   uint16 big-endian length of the RSA part || RSA-OAEP(SHA-256, label) of a 32-byte session key
 *   || AES-256-GCM(session key, 12-byte zero nonce) of the value, with its 16-byte tag
 *
 * base64 (standard) per value in `spec.encryptedData`. The OAEP label is the scope: `namespace/name` for the
 * strict scope (the default), which binds the ciphertext to that one Secret.
 *
 * One difference from kubeseal, deliberately: kubeseal draws the session key and the OAEP seed at random,
 * so every run gives a new ciphertext and every synth a diff. Here both are derived (HKDF-SHA256) from the
 * value itself, salted with the public key and bound to the label and the data key, so the same value for
 * the same certificate gives the same bytes, and any change (value, certificate, scope, key) gives new ones.
 * The price is that of any deterministic encryption: someone who can read the ciphertext learns whether the
 * value changed, and can confirm a guess of the whole value. For an AccessKey (a random 30-character secret)
 * guessing is hopeless; for low-entropy values this would not be acceptable. The zero GCM nonce stays safe:
 * a session key is only ever reused for the very same plaintext, which then yields the very same ciphertext.
 */
import * as crypto from 'crypto';

const SESSION_KEY_BYTES = 32;
const HASH_BYTES = 32; // SHA-256
const GCM_NONCE = Buffer.alloc(12);
const DERIVATION = 'ack-hybrid sealed-secrets v1';

/** The OAEP label of a sealing scope (sealed-secrets' EncryptionLabel). */
export function encryptionLabel(namespace: string, name: string, scope: 'strict' | 'namespace-wide' | 'cluster-wide' = 'strict'): Buffer {
  return Buffer.from(scope === 'cluster-wide' ? '' : scope === 'namespace-wide' ? namespace : `${namespace}/${name}`, 'utf8');
}

/** The controller's public key from a PEM certificate (kubeseal --fetch-cert) or a PEM public key. */
export function sealingKey(pem: string): crypto.KeyObject {
  const key = pem.includes('-----BEGIN CERTIFICATE-----') ? new crypto.X509Certificate(pem).publicKey : crypto.createPublicKey(pem);
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`the sealing key must be RSA, got ${key.asymmetricKeyType ?? 'an unknown type'}`);
  return key;
}

/** Seals one value of a Secret; `dataKey` is its key in `encryptedData`. Returns base64. */
export function sealValue(publicKey: crypto.KeyObject, label: Buffer, dataKey: string, plaintext: string): string {
  const value = Buffer.from(plaintext, 'utf8');
  const derive = (purpose: string, length: number) =>
    Buffer.from(
      crypto.hkdfSync(
        'sha256',
        value,
        crypto.createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest(),
        Buffer.concat([Buffer.from(`${DERIVATION}\0${purpose}\0${dataKey}\0`, 'utf8'), label]),
        length,
      ),
    );
  const sessionKey = derive('session-key', SESSION_KEY_BYTES);
  const rsaPart = oaepEncrypt(publicKey, sessionKey, label, derive('oaep-seed', HASH_BYTES));
  const cipher = crypto.createCipheriv('aes-256-gcm', sessionKey, GCM_NONCE);
  const aesPart = Buffer.concat([cipher.update(value), cipher.final(), cipher.getAuthTag()]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(rsaPart.length);
  return Buffer.concat([length, rsaPart, aesPart]).toString('base64');
}

/**
 * RSAES-OAEP-ENCRYPT (RFC 8017 §7.1.1) with SHA-256 and MGF1-SHA-256, with the seed given instead of drawn:
 * Node's OAEP padding always draws it at random, so the encoding is done here and the RSA step raw.
 */
function oaepEncrypt(publicKey: crypto.KeyObject, message: Buffer, label: Buffer, seed: Buffer): Buffer {
  const k = Math.ceil((publicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (message.length > k - 2 * HASH_BYTES - 2) throw new Error(`RSA key of ${k * 8} bits is too small for OAEP with SHA-256`);
  const labelHash = crypto.createHash('sha256').update(label).digest();
  const padding = Buffer.alloc(k - message.length - 2 * HASH_BYTES - 2);
  const db = Buffer.concat([labelHash, padding, Buffer.from([1]), message]);
  const maskedDb = xor(db, mgf1(seed, db.length));
  const maskedSeed = xor(seed, mgf1(maskedDb, HASH_BYTES));
  const encoded = Buffer.concat([Buffer.from([0]), maskedSeed, maskedDb]);
  return crypto.publicEncrypt({ key: publicKey, padding: crypto.constants.RSA_NO_PADDING }, encoded);
}

function mgf1(seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * HASH_BYTES < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    blocks.push(crypto.createHash('sha256').update(seed).update(c).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i];
  return out;
}
