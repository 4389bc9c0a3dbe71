/**
 * What a committed sealed value must look like, checked without any key: standard base64 (as kubeseal
 * --raw and `ack-hybrid seal` print it) of `uint16 length || RSA part || AES-GCM part` (see seal.ts).
 * This catches a pasted plaintext, a truncated copy, a value wrapped over lines or a stray space; only
 * the controller can tell whether the ciphertext is for its key.
 */
import type { Format } from '../config/formats';

/** RSA moduli sealed-secrets uses: 4096 bits by default; 2048 to 8192 accepted. */
const MIN_RSA_BYTES = 256;
const MAX_RSA_BYTES = 1024;
const GCM_TAG_BYTES = 16;
/** An AccessKey ID is 24 characters and its secret 30; anything up to 1 KiB is taken. */
const MAX_VALUE_BYTES = 1024;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Why `value` cannot be a sealed value, or undefined when it can. */
export function sealedValueProblem(value: string): string | undefined {
  if (value.length === 0) return 'it is empty';
  if (!BASE64.test(value)) return /\s/.test(value) ? 'it contains white space' : 'it is not standard base64';
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length < 2) return 'it is too short';
  const rsaBytes = bytes.readUInt16BE(0);
  if (rsaBytes < MIN_RSA_BYTES || rsaBytes > MAX_RSA_BYTES || rsaBytes % 128 !== 0) return 'its RSA part has an impossible length';
  const valueBytes = bytes.length - 2 - rsaBytes - GCM_TAG_BYTES;
  if (valueBytes < 1) return 'it is too short for its RSA part';
  if (valueBytes > MAX_VALUE_BYTES) return 'it is too long for an AccessKey';
  return undefined;
}

export const SEALED_VALUE: Format = {
  allowed:
    "a value sealed for the cluster's controller, as `ack-hybrid seal <cluster>` writes it (or `kubeseal --raw --scope strict " +
    '--namespace kube-system --name alibaba-addon-secret`): standard base64 on one line',
  test: (value) => sealedValueProblem(value) === undefined,
  hint: (value) => {
    const problem = sealedValueProblem(value);
    return problem === undefined ? undefined : `${problem}; run \`ack-hybrid seal <cluster>\` again`;
  },
};
