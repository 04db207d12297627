import { AppConfig } from '@cohost/config';
import { decideDelivery, isConsoleUserKind, isPartnerKind, notificationKind, signAddressLink } from '@cohost/domain';
import type { AnyMailContext } from '@cohost/mail';
import { WorkerMetrics } from '@cohost/metrics';
import { JobContext, JobResult } from '@cohost/queue';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { buildMailContext, buildPartnerMailContext, buildSignInMailContext } from './build-mail-context';
import { LedgerStatements, type LoadedNotification, type PendingNotification } from './ledger-statements';
import { MailContextLoader } from './mail-context.loader';
import { MAIL_PORT, MailPort } from './mail-port';
import { SecretMinter } from './secret-minter';
import { SendSlots } from './send-slots';
import { SmtpOutage } from './smtp-outage';

/** The ledger statements the sender uses (all of them are its own). */
export type SenderLedger = Pick<
  LedgerStatements,
  'load' | 'claim' | 'markSent' | 'markSkipped' | 'recordFailure' | 'recordUnreachable' | 'suppressAfterHardBounce'
>;
export type SenderLoader = Pick<MailContextLoader, 'event' | 'waitlistPosition'>;
export type SenderMinter = Pick<
  SecretMinter,
  'cancelToken' | 'joinToken' | 'invitationCode' | 'signInToken' | 'linkKey'
>;

/** The SMTP server could not be reached: the row keeps its attempts, the job is postponed. */
export class SmtpUnreachableError extends Error {
  override readonly name = 'SmtpUnreachableError';
}

/**
 * Sends the emails of `notifications` rows, at most once per row: the row is
 * the send ledger (its `dedupe_key` is unique per kind, target and event
 * sequence), a row that is no longer `pending` is never sent again, and only
 * the job recorded on the row (`relay_job`) may send it, so a job that runs
 * twice, is re-added by the relay or is taken up again after a worker died
 * sends nothing twice. The one window left is a worker killed after the SMTP
 * server accepted the message and before the row is marked: the message is
 * then sent again, under the same Message-ID, so mail clients see one.
 *
 * The path of one row, whatever its audience (registrant, invitee, console
 * user): load (ledger) → decide (`decideDelivery`) → mint the kind's secrets
 * → build the context (pure) → render and send (`MailPort`) → mark (ledger). Every ledger write is here, through `LedgerStatements`.
 */
@Injectable()
export class NotificationSender {
  private readonly logger = new Logger(NotificationSender.name);
  private readonly domain: string;
  /** Rows past their load and claim at once (decided, minted, sending or being marked). */
  private readonly rows: SendSlots;
  /** Messages rendered and handed to the SMTP pool at once. */
  private readonly slots: SendSlots;
  readonly outage: SmtpOutage;

  constructor(
    private readonly config: AppConfig,
    @Inject(LedgerStatements) private readonly ledger: SenderLedger,
    @Inject(MailContextLoader) private readonly loader: SenderLoader,
    @Inject(SecretMinter) private readonly minter: SenderMinter,
    @Inject(MAIL_PORT) private readonly mail: MailPort,
    private readonly metrics: WorkerMetrics,
  ) {
    this.domain = config.mail.from.address.split('@')[1] ?? 'cohost.localhost';
    // Twice as many rows in progress as messages in the SMTP pool, so the ledger's round trips (minting
    // before the send, marking after) overlap other rows' sends instead of keeping a connection idle.
    this.slots = new SendSlots(config.worker.concurrency);
    this.rows = new SendSlots(config.worker.concurrency * 2);
    this.outage = new SmtpOutage(config.worker.mailRetryDelayMs, config.worker.mailOutageMaxDelayMs, metrics);
  }

  /**
   * Sends the rows of one job, all at once but within the process's send
   * slots (`WORKER_CONCURRENCY` messages rendered and sending at a time,
   * twice as many rows in progress, so one row's minting and marking overlap
   * others' sends; a row settles once it is marked); each row's outcome, or
   * its error: a `PermanentMailError` comes back as an `UnrecoverableError`
   * with the row already `failed`, an unreachable server as an
   * {@link SmtpUnreachableError} with the row untouched.
   */
  async send(ids: readonly string[], job: JobContext): Promise<Array<PromiseSettledResult<JobResult>>> {
    // Loads asked for in one turn share one statement.
    const loaded = await Promise.all(ids.map((id) => this.ledger.load(id)));
    const unclaimed = loaded.filter((l) => l?.notification.status === 'pending' && l.notification.relayJob === null);
    const claimed =
      unclaimed.length > 0
        ? await this.ledger.claim(
            unclaimed.map((l) => l!.notification.id),
            job.jobId,
          )
        : null;
    return Promise.allSettled(
      loaded.map(async (row): Promise<JobResult> => {
        if (!row) return { outcome: 'gone' };
        const { notification } = row;
        if (notification.status !== 'pending') return { outcome: `already-${notification.status}` };
        const mine = notification.relayJob === job.jobId || (claimed?.has(notification.id) ?? false);
        if (!mine) return { outcome: 'other-job', detail: notification.relayJob ?? 'claimed by another job' };
        return this.metrics.countMessage(
          notification.kind,
          this.rows.run(() => this.sendRow(row, job)),
        );
      }),
    );
  }

  /**
   * `<n123.<event id>@sender domain>` (`<n123.sign-in@…>` for sign-in links, `<n123.notice@…>` for partner notices):
   * the same for every attempt, so a resend is recognisable.
   */
  messageId(notification: Pick<PendingNotification, 'id' | 'eventId' | 'kind'>): string {
    const about = notification.eventId ?? (isConsoleUserKind(notification.kind) ? 'sign-in' : 'notice');
    return `<n${notification.id}.${about}@${this.domain}>`;
  }

  /**
   * Whether the row still goes out (`decideDelivery` on the facts of its
   * audience) and, if so, how its context is built at send time: the kind's
   * secrets minted, then the pure builder.
   */
  private async decide(loaded: LoadedNotification): Promise<{ skip: string } | { build(): Promise<AnyMailContext> }> {
    const { notification, registration, invitation, organizer, signIn, stamp, suppression } = loaded;
    const { kind } = notification;
    const spec = notificationKind(kind);
    if (isConsoleUserKind(kind)) {
      if (!signIn || !spec.signInLink) return { skip: 'the sign-in request no longer exists' };
      const decision = decideDelivery({ kind, signIn, now: new Date() });
      if (!decision.send) return { skip: decision.reason };
      const { validMinutes } = spec.signInLink;
      return {
        build: async () =>
          buildSignInMailContext({
            notification,
            signIn,
            secrets: { signInToken: await this.minter.signInToken(signIn.id, validMinutes) },
            validMinutes,
            publicBaseUrl: this.config.http.publicBaseUrl,
            from: this.config.mail.from,
          }),
      };
    }
    if (isPartnerKind(kind)) {
      const { partner } = loaded;
      const decision = decideDelivery({ kind, partner });
      if (!decision.send) return { skip: decision.reason };
      if (!partner) return { skip: 'the partner no longer exists' }; // decideDelivery said so already
      return {
        build: async () =>
          buildPartnerMailContext({
            notification,
            partner,
            publicBaseUrl: this.config.http.publicBaseUrl,
            from: this.config.mail.from,
          }),
      };
    }
    const event = stamp && (registration || invitation || organizer) ? await this.loader.event(stamp) : null;
    if (!event) return { skip: 'the event or the recipient no longer exists' };
    const recipient = recipientOf(loaded);
    const decision = decideDelivery({
      kind,
      notificationSequence: notification.eventSequence,
      event,
      registration,
      suppression,
      recipient,
    });
    if (!decision.send) return { skip: decision.reason };
    return {
      build: async () =>
        buildMailContext({
          notification,
          event,
          registration,
          invitation,
          organizer,
          allow: decision,
          secrets: {
            ...(registration && decision.cancelLink
              ? { cancelToken: await this.minter.cancelToken(registration.id) }
              : {}),
            // The personal link replaces the meeting URL; only a registrant confirmed now gets one.
            ...(registration?.status === 'confirmed' && decision.joinUrl
              ? { joinToken: await this.minter.joinToken(registration.id) }
              : {}),
            ...(invitation && spec.invitationCode
              ? { invitationCode: await this.minter.invitationCode(invitation.id) }
              : {}),
            // Signed address links (no state per email): one-click unsubscribe on bulk kinds, and erasure of
            // registrant data in registrants' and invitees' emails (an organizer's own email has none).
            ...(spec.listUnsubscribe
              ? { unsubscribeToken: signAddressLink(await this.minter.linkKey(), 'unsubscribe', recipient) }
              : {}),
            ...(spec.audience !== 'organizer'
              ? { eraseToken: signAddressLink(await this.minter.linkKey(), 'erase', recipient) }
              : {}),
          },
          ...(registration?.status === 'waitlisted' && typeof notification.data.waitlistPosition !== 'number'
            ? { waitlistPosition: await this.loader.waitlistPosition(registration) }
            : {}),
          sentAt: new Date(),
          publicBaseUrl: this.config.http.publicBaseUrl,
          from: this.config.mail.from,
          calendarUid: this.mail.calendarUid(event.id),
        }),
    };
  }

  private async sendRow(loaded: LoadedNotification, job: JobContext): Promise<JobResult> {
    const { notification } = loaded;
    const decided = await this.decide(loaded);
    if ('skip' in decided) return this.skip(notification, decided.skip);

    try {
      const context = await decided.build();
      const sent = await this.slots.run(() => this.mail.deliver(context, this.messageId(notification)));
      this.outage.succeeded();
      // Shares its statement with other jobs' marks and loads of the same turn (one round trip).
      await this.ledger.markSent(notification.id, sent.messageId);
      return { outcome: 'sent', detail: sent.messageId };
    } catch (error) {
      const message = describeError(error);
      if (this.mail.isConnectionFailure(error)) {
        this.outage.failed(message);
        await this.ledger.recordUnreachable(notification.id, `SMTP server unreachable: ${message}`);
        throw new SmtpUnreachableError(message, { cause: error });
      }
      const permanent = this.mail.isPermanent(error);
      await this.ledger.recordFailure(notification.id, message, permanent || job.attempt >= job.maxAttempts);
      // A hard bounce: no more bulk mail to the address (transactional kinds still try).
      const recipient = recipientOf(loaded);
      if (permanent && recipient) await this.ledger.suppressAfterHardBounce(recipient, message);
      if (permanent) throw new UnrecoverableError(message);
      this.logger.warn(`notification ${notification.id}: attempt ${job.attempt}/${job.maxAttempts} failed: ${message}`);
      throw error;
    }
  }

  private async skip(notification: PendingNotification, reason: string): Promise<JobResult> {
    await this.ledger.markSkipped(notification.id, reason);
    return { outcome: 'skipped', detail: reason };
  }
}

/** The address an event email goes to, lower-cased ('' for a console sign-in row, which is no event email). */
function recipientOf(loaded: LoadedNotification): string {
  return (
    loaded.registration?.email ??
    loaded.invitation?.email ??
    loaded.organizer?.email ??
    loaded.partner?.contactEmail ??
    ''
  ).toLowerCase();
}

export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').slice(0, 500);
}
