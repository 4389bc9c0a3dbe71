/**
 * The date end of life is judged by. Each Kubernetes minor and containerd line has a known end-of-life date, so a
 * version that was fine when a cluster file was written can warn later with no change to the file: that is the
 * point of the warning. ACK_HYBRID_TODAY pins the date, for tests and for reproducing a CI run of another day.
 */
import { UserError } from './problems';

const DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

/** `YYYY-MM-DD`: ACK_HYBRID_TODAY when set, otherwise today's date in UTC. */
export function today(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
  const pinned = env.ACK_HYBRID_TODAY;
  if (pinned === undefined || pinned === '') return now.toISOString().slice(0, 10);
  if (!DATE.test(pinned)) {
    throw new UserError(
      `ACK_HYBRID_TODAY: found ${JSON.stringify(pinned.slice(0, 40))}; allowed: a date YYYY-MM-DD, such as 2026-12-07, or unset for today's date`,
    );
  }
  return pinned;
}
