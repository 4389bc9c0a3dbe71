import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { addChartObjects, chartObject, ChartObject } from './chart-objects';
import { PropsCheck } from './props';
import { SEALED_VALUE } from '../src/credentials/sealed-value';
import { ExternalSecretSchema } from '../src/config/schema';

/** Where Terway ≥ 1.8 in registered clusters reads its AccessKey (mounted at /var/alibaba-addon-secret/). */
export const ADDON_SECRET = { name: 'alibaba-addon-secret', namespace: 'kube-system' } as const;
export const ACCESS_KEY_ID = 'access-key-id';
export const ACCESS_KEY_SECRET = 'access-key-secret';

/** Where a value sits in an external-secrets store. */
export interface RemoteRef {
  readonly key: string;
  /** @default - the whole value at `key` */
  readonly property?: string;
}

/** `sealed-secrets`: the two values already sealed for the cluster's controller; the chart never sees the AccessKey. */
export interface SealedCredentials {
  readonly mode: 'sealed-secrets';
  /** base64, strict scope for `kube-system/alibaba-addon-secret`, as `ack-hybrid seal` or `kubeseal --raw` wrote them. */
  readonly encryptedData: Readonly<Record<typeof ACCESS_KEY_ID | typeof ACCESS_KEY_SECRET, string>>;
}

/** `external-secrets`: the store and the keys to read. */
export interface ExternalCredentials {
  readonly mode: 'external-secrets';
  readonly externalSecret: {
    readonly storeKind: 'ClusterSecretStore' | 'SecretStore';
    readonly storeName: string;
    readonly accessKeyId: RemoteRef;
    readonly accessKeySecret: RemoteRef;
    /** @default '1h' */
    readonly refreshInterval?: string;
  };
}

export interface TerwayCredentialsChartProps extends ChartProps {
  /** Where the Secret comes from. (`unmanaged` has no chart: nothing is emitted.) */
  readonly credentials: SealedCredentials | ExternalCredentials;
}

/**
 * Terway's AccessKey as a Secret no one has to paste: a SealedSecret or an ExternalSecret that produces
 * `kube-system/alibaba-addon-secret`.
 *
 * Both are ours, but losing the Secret stops Terway from creating ENIs, so both carry the `retain` policy,
 * and the Secret they produce has no owner reference (sealed-secrets' `skip-set-owner-references`,
 * external-secrets' `creationPolicy: Orphan`): deleting the source object leaves the Secret in place.
 */
export class TerwayCredentialsChart extends Chart {
  constructor(scope: Construct, id: string, props: TerwayCredentialsChartProps) {
    super(scope, id, props);
    addChartObjects(this, terwayCredentialsObjects(props, id));
  }
}

/** The objects of a {@link TerwayCredentialsChart} with id `id`, its props checked. */
export function terwayCredentialsObjects(props: TerwayCredentialsChartProps, id = 'credentials'): ChartObject[] {
  const { credentials } = props;
  const check = new PropsCheck(`TerwayCredentialsChart ${id}`);
  check.oneOf('credentials.mode', credentials.mode, ['sealed-secrets', 'external-secrets']);
  if (credentials.mode === 'sealed-secrets') {
    for (const key of [ACCESS_KEY_ID, ACCESS_KEY_SECRET] as const)
      check.format(`credentials.encryptedData.${key}`, credentials.encryptedData[key], SEALED_VALUE);
    return [chartObject('sealed-secret', sealedSecret(credentials), 'retain')];
  }
  check.schema('credentials.externalSecret', credentials.externalSecret, ExternalSecretSchema);
  return [chartObject('external-secret', externalSecret(credentials), 'retain')];
}

function sealedSecret(credentials: SealedCredentials) {
  const metadata = { ...ADDON_SECRET };
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata,
    spec: {
      // Copied as committed: sealing draws fresh randomness, so synth never seals (output stays the same).
      encryptedData: { [ACCESS_KEY_ID]: credentials.encryptedData[ACCESS_KEY_ID], [ACCESS_KEY_SECRET]: credentials.encryptedData[ACCESS_KEY_SECRET] },
      template: {
        metadata: { ...metadata, annotations: { 'sealedsecrets.bitnami.com/skip-set-owner-references': 'true' } },
        type: 'Opaque',
      },
    },
  };
}

function externalSecret(credentials: ExternalCredentials) {
  const es = credentials.externalSecret;
  const remoteRef = (ref: RemoteRef) => ({ key: ref.key, ...(ref.property !== undefined ? { property: ref.property } : {}) });
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { ...ADDON_SECRET },
    spec: {
      refreshInterval: es.refreshInterval ?? '1h',
      secretStoreRef: { kind: es.storeKind, name: es.storeName },
      target: { name: ADDON_SECRET.name, creationPolicy: 'Orphan', deletionPolicy: 'Retain' },
      data: [
        { secretKey: ACCESS_KEY_ID, remoteRef: remoteRef(es.accessKeyId) },
        { secretKey: ACCESS_KEY_SECRET, remoteRef: remoteRef(es.accessKeySecret) },
      ],
    },
  };
}
