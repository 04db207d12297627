import { Logger } from '@nestjs/common';

/** Where an outage is exported: the worker's metrics (`WorkerMetrics`). */
export interface OutageMetrics {
  smtpUnreachableSend(): void;
  smtpReachable(): void;
}

/**
 * What the worker knows about an SMTP server it cannot reach. Messages that
 * meet a connection-level failure (refused, timeout, no greeting, TLS, DNS,
 * dropped connection, 421)
 * keep their attempts and wait: their job is postponed by a delay that
 * doubles from `baseMs` up to `maxMs` while the outage lasts, however long,
 * and falls back to `baseMs` after the next message goes out. One line is
 * logged when an outage starts, one whenever the delay grows, one when it
 * ends; `failures` counts every unreachable send. The optional `gauge`
 * (the worker's metrics) hears of each unreachable send and each success:
 * `cohost_smtp_unreachable` and `cohost_smtp_connection_failures_total`.
 */
export class SmtpOutage {
  private readonly logger = new Logger('SmtpOutage');
  private consecutive = 0;
  /** Connection-level failures since the process started. */
  failures = 0;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly gauge?: OutageMetrics,
  ) {}

  get ongoing(): boolean {
    return this.consecutive > 0;
  }

  /** A send could not reach the server: the delay before the job runs again. */
  failed(error: string): number {
    this.failures++;
    this.consecutive++;
    this.gauge?.smtpUnreachableSend();
    const delay = this.delay();
    const previous = this.consecutive > 1 ? Math.min(this.baseMs * 2 ** (this.consecutive - 2), this.maxMs) : 0;
    if (delay !== previous) {
      this.logger.warn(
        `SMTP server unreachable (${error}); messages keep their attempts and are retried in ${delay} ms` +
          ` (${this.failures} unreachable sends so far)`,
      );
    }
    return delay;
  }

  /** A message went out: the outage, if any, is over. */
  succeeded(): void {
    if (this.consecutive === 0) return;
    this.gauge?.smtpReachable();
    this.logger.log(`SMTP server reachable again after ${this.consecutive} unreachable sends`);
    this.consecutive = 0;
  }

  delay(): number {
    return Math.min(this.baseMs * 2 ** Math.max(0, this.consecutive - 1), this.maxMs);
  }
}
