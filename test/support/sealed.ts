/**
 * Sealed values for tests that only need the shape kubeseal writes (2-byte length, a 4096-bit RSA part,
 * AES-GCM of the value and its tag), not a controller that can open them: fixed bytes, so outputs are
 * stable. test/credentials.test.ts seals and unseals for real.
 */
function fakeSealed(fill: number, valueBytes: number): string {
  const bytes = Buffer.alloc(2 + 512 + valueBytes + 16, fill);
  bytes.writeUInt16BE(512, 0);
  return bytes.toString('base64');
}

export const FAKE_SEALED_ID = fakeSealed(0x5a, 24);
export const FAKE_SEALED_SECRET = fakeSealed(0xa5, 30);

/** `terway:` for clusterYaml: sealed-secrets with committed ciphertext. */
export const SEALED_TERWAY = ` { credentials: { mode: sealed-secrets, certificate: certs/sealed-secrets.pem, encryptedData: { access-key-id: "${FAKE_SEALED_ID}", access-key-secret: "${FAKE_SEALED_SECRET}" } } }`;
