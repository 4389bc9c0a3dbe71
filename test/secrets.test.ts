/**
 * The one secret detector (src/config/secrets.ts): what it finds, what it leaves alone, how it masks.
 * The fake secrets of the leak scan (support/secret-scan.ts) are its test cases too, so the two agree.
 */
import fc from 'fast-check';
import { bytesMayHoldSecret, findSecrets, maskSecrets, MAY_HOLD_SECRET } from '../src/config/secrets';
import { exampleYaml } from './support/clusters';
import { ALL_FAKE_SECRETS, FAKE_SECRETS } from './support/secret-scan';

const AK = FAKE_SECRETS.accessKeyId.value;
const SK = FAKE_SECRETS.accessKeySecret.value;
const STS = FAKE_SECRETS.securityToken.value;
const JOIN = FAKE_SECRETS.joinToken.value;
const OBJECT = 'https://examplebucket.oss-cn-hangzhou.aliyuncs.com/init-node-ecs.sh';

describe('finds', () => {
  test.each([
    // [what, text, kind, masked]
    ['an AccessKey ID', `key ${AK} here`, 'an AccessKey ID', 'key LTAI**** here'],
    ['an old 16-character AccessKey ID', 'LTAI5tBcc9SecYAo', 'an AccessKey ID', 'LTAI****'],
    ['an AccessKey secret', `s=${SK}`, 'an AccessKey secret', 's=****'],
    ['an STS security token', STS, 'an STS token', 'CAIS****'],
    ['an STS AccessKey ID', 'STS.NUgYrLnoC37mZZCNnAbez2Y', 'an STS token', 'STS.****'],
    ['a long base64 blob', 'A1b2'.repeat(30), 'an STS token', '****'],
    ['a kubeadm join token', `--token ${JOIN}`, 'a kubeadm join token', '--token ******.****************'],
    [
      'a V1 signed URL',
      `${OBJECT}?OSSAccessKeyId=nz2pc56s936&Expires=1141889120&Signature=vjbyPxybdZaNmGa%2ByT272YEAiv4%3D`,
      'a signed URL',
      `${OBJECT}?OSSAccessKeyId=****&Expires=****&Signature=****`,
    ],
    [
      'an STS signed URL',
      `${OBJECT}?OSSAccessKeyId=x&Expires=1&Signature=y&security-token=CAISabc`,
      'a signed URL',
      `${OBJECT}?OSSAccessKeyId=****&Expires=****&Signature=****&security-token=****`,
    ],
    [
      'a V4 signed URL',
      `${OBJECT}?x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-credential=LTAIxx%2F20241203%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-expires=86400&x-oss-signature=70c5`,
      'a signed URL',
      `${OBJECT}?x-oss-signature-version=****&x-oss-credential=****&x-oss-expires=****&x-oss-signature=****`,
    ],
    [
      'an S3-style signed URL',
      `${OBJECT}?X-Amz-Credential=LTAIxx%2F1&X-Amz-Signature=ab2`,
      'a signed URL',
      `${OBJECT}?X-Amz-Credential=****&X-Amz-Signature=****`,
    ],
    ['a password in a URL', 'https://deploy:hunter2@git.example.com/a.git', 'a password in a URL', 'https://deploy:****@git.example.com/a.git'],
    ['a token as a URL user name', 'https://ghp_FAKE0123456789abcdef@github.com/a.git', 'a token in a URL', 'https://****@github.com/a.git'],
    ['a token query parameter', 'https://mirror.example.com/k8s?access_token=abc123', 'a token in a URL', 'https://mirror.example.com/k8s?access_token=****'],
  ])('%s', (_what, text, kind, masked) => {
    expect(findSecrets(text).map((f) => f.kind)).toContain(kind);
    expect(maskSecrets(text)).toBe(masked);
  });

  test('every fake secret of the leak scan', () => {
    for (const secret of ALL_FAKE_SECRETS) expect(findSecrets(secret.value)).not.toEqual([]);
  });
});

describe('leaves alone', () => {
  test.each([
    ['an ssh URL with the user git', 'ssh://git@git.example.com/platform/hybrid-gitops.git'],
    ['an scp-like Git address', 'git@github.com:platform/hybrid-gitops.git'],
    ['a plain object URL', OBJECT],
    ['a URL with harmless query parameters', 'https://example.com/x?ref=main&Expires=1141889120'],
    ['a sha256 hash', 'sha256:7c1a2f0e9d8b3c4a5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5'],
    ['IDs of vSwitches, security groups, clusters', 'vsw-bp1node0000000000000a sg-bp1hybrid0000000000a c0a1b2c3d4e5f60718293a4b5c6d7e8f9'],
    ['a long path', `clusters/${'Region1/Zone2/'.repeat(10)}x`],
    ['a user name alone', 'https://deploy@git.example.com/a.git'],
  ])('%s', (_what, text) => {
    expect(findSecrets(text)).toEqual([]);
    expect(maskSecrets(text)).toBe(text);
  });

  test('the shipped example cluster file', () => {
    expect(findSecrets(exampleYaml())).toEqual([]);
  });
});

describe('short texts', () => {
  // findSecrets skips texts shorter than 16 characters without "://": no pattern but the URL's matches one.
  // Spaces after a text cannot change what is found in it (every pattern stops at a space), but they take it
  // past the length check: the same findings, or the skip would hide a secret.
  const piece = fc.constantFrom('LTAI', 'STS.', 'CAIS', '.', 'a', 'Z', '9', '0', '/', '+', '=', '-', '_', '@', ':', 'abc123', 'x9Y8z7');
  test('GIVEN any text under 16 characters WHEN searched alone and padded with spaces THEN the findings are the same', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const text = pieces.join('').slice(0, 15);
        expect(findSecrets(text)).toEqual(findSecrets(`${text}${' '.repeat(16)}`));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decoded text', () => {
  // Decoded runs are tested as bytes (bytesMayHoldSecret) before they become text and are searched: the test must
  // say what the pattern says of the same bytes read as latin1, or an encoded secret would go unsearched.
  const code = (chars: string) => [...chars].map((c) => c.charCodeAt(0));
  // Mostly the alphabet, broken by bytes that are not in it: runs of every length around 12, and `://` by chance.
  const alphabetRuns = fc.constantFrom(...code('aZ9+/_-'), ...code('aZ9+/_-'), ...code('.: /'), 0, 0xff);
  const anyByte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...code('aZ9+/_-=%:')));
  const bytesOf = fc.oneof(fc.array(alphabetRuns, { maxLength: 40, size: 'max' }), fc.array(anyByte, { maxLength: 40, size: 'max' }));
  test('GIVEN any bytes WHEN tested THEN the byte test agrees with the pattern on their latin1 text', () => {
    fc.assert(
      fc.property(bytesOf, fc.integer({ min: 0, max: 40 }), (values, cut) => {
        const bytes = Uint8Array.from(values);
        const length = Math.min(cut, bytes.length);
        expect(bytesMayHoldSecret(bytes, length)).toBe(MAY_HOLD_SECRET.test(Buffer.from(bytes).toString('latin1', 0, length)));
      }),
      { numRuns: 5000 },
    );
  });

  test('GIVEN a secret base64-encoded at each offset, twice WHEN searched THEN it is found every time', () => {
    for (let pad = 0; pad < 4; pad++) {
      const once = Buffer.from(`${'x'.repeat(pad)}${AK}`).toString('base64');
      const twice = Buffer.from(once).toString('base64');
      expect([findSecrets(once).length, findSecrets(twice).length]).toEqual([1, 1]);
    }
  });
});
