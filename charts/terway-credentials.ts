import { ApiObject, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { withApplyPolicy } from './apply-policy';

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

export interface TerwayCredentialsChartProps extends ChartProps {
  /**
   * `sealed-secrets`: the two values already sealed for the cluster's controller (base64, strict scope for
   * `kube-system/alibaba-addon-secret`), keyed `access-key-id` and `access-key-secret`. The chart never
   * sees the AccessKey itself.
   */
  readonly sealed?: Readonly<Record<typeof ACCESS_KEY_ID | typeof ACCESS_KEY_SECRET, string>>;
  /** `external-secrets`: the store and the keys to read. */
  readonly externalSecret?: {
    readonly storeKind: 'ClusterSecretStore' | 'SecretStore';
    readonly storeName: string;
    readonly accessKeyId: RemoteRef;
    readonly accessKeySecret: RemoteRef;
    /** @default '1h' */
    readonly refreshInterval?: string;
  };
}

/**
 * Terway's AccessKey as a Secret no one has to paste: a SealedSecret or an ExternalSecret that produces
 * `kube-system/alibaba-addon-secret`. Exactly one of `sealed` and `externalSecret`.
 *
 * Both are ours, but losing the Secret stops Terway from creating ENIs, so both carry the `retain` policy,
 * and the Secret they produce has no owner reference (sealed-secrets' `skip-set-owner-references`,
 * external-secrets' `creationPolicy: Orphan`): deleting the source object leaves the Secret in place.
 */
export class TerwayCredentialsChart extends Chart {
  constructor(scope: Construct, id: string, props: TerwayCredentialsChartProps) {
    super(scope, id, props);
    if ((props.sealed === undefined) === (props.externalSecret === undefined)) {
      throw new Error('exactly one of sealed and externalSecret is required');
    }
    const metadata = { ...ADDON_SECRET };
    if (props.sealed) {
      withApplyPolicy(
        new ApiObject(this, 'sealed-secret', {
          apiVersion: 'bitnami.com/v1alpha1',
          kind: 'SealedSecret',
          metadata,
          spec: {
            encryptedData: { [ACCESS_KEY_ID]: props.sealed[ACCESS_KEY_ID], [ACCESS_KEY_SECRET]: props.sealed[ACCESS_KEY_SECRET] },
            template: {
              metadata: { ...metadata, annotations: { 'sealedsecrets.bitnami.com/skip-set-owner-references': 'true' } },
              type: 'Opaque',
            },
          },
        }),
        'retain',
      );
    } else {
      const es = props.externalSecret!;
      const remoteRef = (ref: RemoteRef) => ({ key: ref.key, ...(ref.property !== undefined ? { property: ref.property } : {}) });
      withApplyPolicy(
        new ApiObject(this, 'external-secret', {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          metadata,
          spec: {
            refreshInterval: es.refreshInterval ?? '1h',
            secretStoreRef: { kind: es.storeKind, name: es.storeName },
            target: { name: ADDON_SECRET.name, creationPolicy: 'Orphan', deletionPolicy: 'Retain' },
            data: [
              { secretKey: ACCESS_KEY_ID, remoteRef: remoteRef(es.accessKeyId) },
              { secretKey: ACCESS_KEY_SECRET, remoteRef: remoteRef(es.accessKeySecret) },
            ],
          },
        }),
        'retain',
      );
    }
  }
}
