/**
 * An OSS object URL, `https://<bucket>.oss-<region>[-internal].aliyuncs.com/<key>` (OSS "Regions and endpoints":
 * virtual-hosted style). The RUNBOOK uploads there, the cloud code creates the object there, and the
 * `terraform` rules refuse a `scriptUrl` that is not one: one parser for all three.
 */
export interface OssObjectUrl {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  /** The internal endpoint resolves only inside the region's VPCs. */
  readonly internal: boolean;
}

// Bucket names: 3 to 63 lowercase letters, digits and "-", starting and ending with a letter or digit (OSS bucket naming).
const OSS_HOST = /^([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\.oss-([a-z0-9-]+?)(-internal)?\.aliyuncs\.com$/;

export function parseOssUrl(url: string): OssObjectUrl | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const m = OSS_HOST.exec(parsed.hostname);
  if (!m || parsed.protocol !== 'https:' || parsed.pathname.length <= 1 || parsed.search !== '' || parsed.hash !== '' || parsed.port !== '') return undefined;
  let key: string;
  try {
    key = decodeURIComponent(parsed.pathname.slice(1));
  } catch {
    return undefined;
  }
  return { bucket: m[1], key, region: m[2], internal: m[3] !== undefined };
}
