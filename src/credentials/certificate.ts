/**
 * The sealed-secrets controller's certificate, as `kubeseal --fetch-cert` writes it: what seal encrypts for,
 * checked before any value is sealed, with Node's X509Certificate (no parsing of our own).
 *
 * - A certificate, not a key: kubeseal reads certificates only. A private key in its place is the worst
 *   mistake (the controller's key, committed next to the cluster file), and a public key alone carries no
 *   validity period to check.
 * - RSA of 2048 to 8192 bits. The controller makes 4096-bit keys; RSA below 2048 bits is disallowed for
 *   new encryption (NIST SP 800-131A Rev. 2, section 6: 112-bit security), and a 512-bit key cannot even
 *   hold RSA-OAEP-SHA-256 of a 32-byte session key (the encryption failed). The sealed-value format
 *   (sealed-value.ts) takes RSA parts of 256 to 1024 bytes, that is 2048 to 8192 bits.
 * - Valid now: kubeseal refuses an expired certificate (or one not yet valid); so does seal.
 */
import * as crypto from 'crypto';

export const MIN_RSA_BITS = 2048;
export const MAX_RSA_BITS = 8192;

/** Why `pem` cannot be sealed for at all, whatever the date; undefined when it is an RSA certificate of a usable size. */
export function certificateProblem(pem: string): string | undefined {
  return readCertificate(pem).problem;
}

/** The sealing key of `pem`, or why it cannot be used at `now`. */
export function sealingCertificate(pem: string, now: Date): { readonly key: crypto.KeyObject } | { readonly problem: string } {
  const read = readCertificate(pem);
  if (read.problem !== undefined || read.certificate === undefined) return { problem: read.problem ?? 'not a certificate' };
  const from = new Date(read.certificate.validFrom);
  const to = new Date(read.certificate.validTo);
  if (now.getTime() > to.getTime()) {
    return { problem: `a certificate that expired on ${day(to)} (kubeseal refuses it too): fetch the controller's current one with kubeseal --fetch-cert` };
  }
  if (now.getTime() < from.getTime()) {
    return { problem: `a certificate that is not valid before ${day(from)}: check the clock of this machine, or fetch the controller's current one` };
  }
  return { key: read.certificate.publicKey };
}

function readCertificate(pem: string): { readonly certificate?: crypto.X509Certificate; readonly problem?: string } {
  // Only the kind of PEM block is looked at, never its content: a private key must not reach a message.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    return {
      problem: "a private key, not a certificate: give the controller's certificate (kubeseal --fetch-cert), and keep its private key out of the repository",
    };
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    return {
      problem: /-----BEGIN [A-Z ]*PUBLIC KEY-----/.test(pem) ? 'a public key, not a certificate (kubeseal --fetch-cert writes one)' : 'not a PEM certificate',
    };
  }
  let certificate: crypto.X509Certificate;
  try {
    certificate = new crypto.X509Certificate(pem);
  } catch {
    return { problem: 'a PEM certificate that cannot be read' };
  }
  const key = certificate.publicKey;
  if (key.asymmetricKeyType !== 'rsa') return { problem: `a certificate for a ${key.asymmetricKeyType ?? 'non-RSA'} key: sealed-secrets seals with RSA` };
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    return {
      problem: `a certificate for a ${bits}-bit RSA key: at least ${MIN_RSA_BITS} bits (NIST SP 800-131A allows no less for new encryption; the controller makes 4096-bit keys)`,
    };
  }
  if (bits > MAX_RSA_BITS) return { problem: `a certificate for a ${bits}-bit RSA key: at most ${MAX_RSA_BITS} bits, the largest sealed-secrets values hold` };
  return { certificate };
}

function day(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'an unreadable date' : date.toISOString().slice(0, 10);
}
