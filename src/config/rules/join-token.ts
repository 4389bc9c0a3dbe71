/**
 * The rotating join token's periods must cover the time a token can be read from OOS (docs/cloud.md, "The join
 * token"). Each slot lives two rotation periods and OOS holds the newer slot's token, so a token stays in OOS until
 * the other slot rotates: at most `rotateEvery` after its own start, plus `applyInterval` (rotation happens only
 * at the first apply after the slot's `time_rotating` expires: the time provider checks expiry when it refreshes,
 * hashicorp/time v0.14.0 resource_time_rotating.go Read). A node that read it at the last moment still needs a few
 * minutes to join (its script retries for at most 30 minutes). Hence
 *   lifetime >= rotateEvery + applyInterval + 30m.
 * And a token must not expire before its slot replaces it (lifetime >= 2 × rotateEvery): Kubernetes' tokencleaner
 * deletes an expired bootstrap-token Secret (pkg/controller/bootstrap/tokencleaner.go), and every apply until the
 * slot rotates would create it again.
 */
import { TOKEN_PERIOD } from '../formats';
import { periodMinutes } from '../schema';
import { valueAt } from '../source';
import { Rule } from './rule';

/** What a node needs after reading the token: the node script's retries of kubeadm join stay below this. */
export const JOIN_ALLOWANCE_MINUTES = 30;

export const joinTokenLifetime: Rule = {
  name: 'join-token-lifetime',
  description:
    'a rotating join token lives at least 2 × rotateEvery and at least rotateEvery + applyInterval + 30m: the old token must outlive the time it can still be read from OOS',
  check(ctx) {
    const base = ['terraform', 'joinToken'] as const;
    if (valueAt(ctx.data, [...base, 'mode']) !== 'rotating') return;
    const text = (key: string, fallback: string): string | undefined => {
      const value = valueAt(ctx.data, [...base, key]) ?? fallback;
      // A malformed period is reported by its format alone.
      return typeof value === 'string' && TOKEN_PERIOD.test(value) ? value : undefined;
    };
    const texts = { rotate: text('rotateEvery', '24h'), lifetime: text('lifetime', '48h'), interval: text('applyInterval', '1h') };
    if (texts.rotate === undefined || texts.lifetime === undefined || texts.interval === undefined) return;
    const [rotate, lifetime, interval] = [periodMinutes(texts.rotate), periodMinutes(texts.lifetime), periodMinutes(texts.interval)];
    const needed = Math.max(2 * rotate, rotate + interval + JOIN_ALLOWANCE_MINUTES);
    if (lifetime < needed) {
      const path = valueAt(ctx.data, [...base, 'lifetime']) === undefined ? [...base] : [...base, 'lifetime'];
      ctx.report(
        path,
        `a lifetime of ${texts.lifetime} with rotateEvery ${texts.rotate} and applyInterval ${texts.interval}`,
        `a lifetime of at least ${minutesText(needed)}: max(2 × rotateEvery, rotateEvery + applyInterval + ${JOIN_ALLOWANCE_MINUTES}m), so the previous token stays valid while nodes can still read it from OOS (or a shorter rotateEvery or applyInterval)`,
      );
    }
  },
};

/** 2880 → "48h", 1530 → "1530m": a period the field accepts, in hours when it is whole hours. */
export function minutesText(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}
