/**
 * `node-init-script.tf.json`: the synthesized init-node-ecs.sh in OSS, where `ack-agent-config` points
 * (`nodeInit.scriptUrl`: bucket, key and region come from it, so they cannot disagree).
 *
 * The object is uploaded from the file beside this folder (`source`), with `content_md5`: OSS refuses an
 * upload whose bytes differ from that checksum (PutObject, Content-MD5), and a changed script shows up in review
 * as a changed checksum. The bucket is private; its policy lets only the nodes' VPC read the one object
 * (`acs:SourceVpc`, OSS "Policy syntax and elements"), so the URL needs no signature that could leak.
 */
import { createHash } from 'crypto';
import { parseOssUrl } from '../../config/oss-url';
import { ADDRESSES, CloudContext, policyDocument } from './context';
import { mergeFiles, block, ref, TerraformFile, JsonObject } from '../terraform/json';

/** Where the object's bytes come from: the script beside the cloud folder, as synth writes it. */
export const SCRIPT_SOURCE = '${path.module}/../init-node-ecs.sh';

/** Content-MD5 as OSS and HTTP write it: the base64 of the MD5 digest (RFC 1864). */
export function contentMd5(bytes: string): string {
  return createHash('md5').update(bytes, 'utf8').digest('base64');
}

export function nodeInitScriptFile(ctx: CloudContext): TerraformFile {
  // Refused at validate when it is not an OSS URL of the cluster's region (rules/terraform.ts).
  const oss = parseOssUrl(ctx.spec.nodeInit.scriptUrl);
  if (oss === undefined) throw new Error('ack-hybrid bug: cloud code for a scriptUrl that is not an OSS object URL');
  const bucket: string = ctx.terraform.createScriptBucket ? ref(ADDRESSES.bucket, 'bucket') : oss.bucket;
  const object = block(ADDRESSES.scriptObject, {
    bucket,
    key: oss.key,
    source: SCRIPT_SOURCE,
    content_md5: contentMd5(ctx.script),
    content_type: 'text/x-shellscript',
  });
  if (!ctx.terraform.createScriptBucket) return object;
  return mergeFiles([
    block(ADDRESSES.bucket, { bucket: oss.bucket }),
    block(ADDRESSES.bucketAcl, { bucket: ref(ADDRESSES.bucket, 'bucket'), acl: 'private' }),
    block(ADDRESSES.bucketPolicy, { bucket: ref(ADDRESSES.bucket, 'bucket'), policy: vpcReadPolicy(oss.bucket, oss.key, ctx.terraform.vpcId) }),
    object,
  ]);
}

/** Anyone may read this one object, from this VPC only: what a node of the pool is when it boots. */
export function vpcReadPolicy(bucket: string, key: string, vpcId: string): string {
  const statement: JsonObject = {
    Effect: 'Allow',
    Action: ['oss:GetObject'],
    Principal: ['*'],
    Resource: [`acs:oss:*:*:${bucket}/${key}`],
    Condition: { StringEquals: { 'acs:SourceVpc': [vpcId] } },
  };
  return policyDocument([statement]);
}
