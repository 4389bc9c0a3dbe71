/**
 * Versions of the cloud code (the `terraform` section) that are facts about upstream releases, each with where it
 * was read. The provider's version is not here: it is the tag the provider schema was extracted from
 * (schema/alicloud-provider/schema.json), so what we pin and what we validate against are one fact.
 */

/** When the facts below were last read. */
export const CLOUD_VERSIONS_CHECKED = '2026-12-07';

/**
 * The terway-eniip add-on version pinned by default: Terway's newest release, v1.17.5 (AliyunContainerService/terway
 * tag v1.17.5, 2026-07-08; the newest tag on 2026-12-07). ACK names add-on versions after the upstream tag. That ACK
 * offers this version for a registered cluster's terway-eniip is not confirmed by a public source: docs/cloud.md
 * says how to list what your cluster offers before the first apply.
 */
export const DEFAULT_TERWAY_ADDON_VERSION = 'v1.17.5';

/** The oldest OpenTofu and Terraform that read every file of cloud/ (issue: OpenTofu >= 1.8, Terraform >= 1.5). */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.5.0';
