import { UnrecoverableError } from 'bullmq';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { createRegistry } from './registry';

/** The part of a mail transport that is timed: `libs/mail`'s `MailTransport`. */
export interface SendingTransport<M, R> {
  send(message: M): Promise<R>;
  close(): Promise<void>;
}

/**
 * The worker process's metrics (see docs/operations.md). One registry per
 * instance, like {@link ApiMetrics}.
 */
export class WorkerMetrics {
  readonly registry: Registry;
  private readonly messages: Counter<'kind' | 'outcome'>;
  private readonly smtpDuration: Histogram<'result'>;
  private readonly reminderLateness: Histogram;
  private readonly smtpUnreachable: Gauge;
  private readonly smtpConnectionFailures: Counter;

  constructor(registry: Registry = createRegistry('worker')) {
    this.registry = registry;
    this.messages = new Counter({
      name: 'cohost_messages_total',
      help: 'Messages the sender decided on, by kind and outcome: sent, skipped (no longer due), rejected (5xx, failed for good), error (temporary, retried with backoff)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    });
    this.smtpDuration = new Histogram({
      name: 'cohost_smtp_send_duration_seconds',
      help: 'Handing one composed message to the transport (SMTP exchange, or writing the .eml file), by result',
      labelNames: ['result'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.reminderLateness = new Histogram({
      name: 'cohost_reminder_lateness_seconds',
      help: 'When a reminder job ran minus when it was due (its delayed job time)',
      buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 900, 3600],
      registers: [registry],
    });
    this.smtpUnreachable = new Gauge({
      name: 'cohost_smtp_unreachable',
      help: '1 while this worker cannot reach the SMTP server (its last send met a connection-level failure: refused, timeout, no greeting, TLS, dropped, 421), 0 once a message went out again',
      registers: [registry],
    });
    this.smtpUnreachable.set(0);
    this.smtpConnectionFailures = new Counter({
      name: 'cohost_smtp_connection_failures_total',
      help: 'Sends that could not reach or talk to the SMTP server; they use up no attempt and are retried with a growing delay',
      registers: [registry],
    });
  }

  /** A send met a connection-level failure: the server is unreachable for now. */
  smtpUnreachableSend(): void {
    this.smtpConnectionFailures.inc();
    this.smtpUnreachable.set(1);
  }

  /** A message went out: the SMTP server is reachable. */
  smtpReachable(): void {
    this.smtpUnreachable.set(0);
  }

  /** Counts one message's outcome when `sending` settles; returns it unchanged. */
  countMessage<T extends { outcome: string }>(kind: string, sending: Promise<T>): Promise<T> {
    return sending.then(
      (result) => {
        this.messages.inc({ kind, outcome: result.outcome });
        return result;
      },
      (error: unknown) => {
        this.messages.inc({ kind, outcome: error instanceof UnrecoverableError ? 'rejected' : 'error' });
        throw error;
      },
    );
  }

  /** The transport, with each `send` timed. */
  timeTransport<M, R>(transport: SendingTransport<M, R>): SendingTransport<M, R> {
    return {
      send: async (message) => {
        const end = this.smtpDuration.startTimer();
        try {
          const result = await transport.send(message);
          end({ result: 'ok' });
          return result;
        } catch (error) {
          end({ result: 'error' });
          throw error;
        }
      },
      close: () => transport.close(),
    };
  }

  /** A reminder job ran; `dueAt` is the time it was scheduled for. */
  reminderFired(dueAt: Date | string | number, now = Date.now()): void {
    this.reminderLateness.observe(Math.max(0, now - new Date(dueAt).getTime()) / 1000);
  }
}
