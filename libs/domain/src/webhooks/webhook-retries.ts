/** Standard Webhooks' retry schedule: after about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h. */
export const STANDARD_WEBHOOK_SCHEDULE_MS = [
  5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000,
] as const;

/** What follows a failed delivery attempt. */
export type AfterFailure =
  | { next: 'retry'; delayMs: number }
  | { next: 'give_up' }
  /** The receiver said 410 Gone, or has failed for longer than the platform allows: stop sending to it. */
  | { next: 'disable'; reason: 'gone' | 'failing' };

/**
 * Decides what follows failed attempt number `attempt` (1 = the first
 * delivery) of a message: the `attempt`th delay of the schedule, spread
 * ±20 % (`random` in [0, 1)) so that a receiver coming back is not hit by
 * every retry at once; nothing more after the last one. An endpoint that
 * answered 410, or whose failures began `disableAfterMs` or longer ago, is
 * disabled.
 */
export function afterFailedAttempt(input: {
  attempt: number;
  statusCode: number | null;
  scheduleMs: readonly number[];
  failingSince: Date;
  now: Date;
  disableAfterMs: number;
  random: number;
}): AfterFailure {
  if (input.statusCode === 410) return { next: 'disable', reason: 'gone' };
  if (input.now.getTime() - input.failingSince.getTime() >= input.disableAfterMs) {
    return { next: 'disable', reason: 'failing' };
  }
  const base = input.scheduleMs[input.attempt - 1];
  if (base === undefined) return { next: 'give_up' };
  return { next: 'retry', delayMs: Math.round(base * (0.8 + 0.4 * input.random)) };
}
