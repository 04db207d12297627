import type { AppConfig } from '@cohost/config';
import type { EventEntity } from '@cohost/database';
import { calendarUid, PermanentMailError, type AnyMailContext, type MailContext } from '@cohost/mail';
import type { JobContext } from '@cohost/queue';
import { readAddressLink } from '@cohost/domain';
import { UnrecoverableError } from 'bullmq';
import type { LoadedNotification } from './ledger-statements';
import type { MailPort } from './mail-port';
import { NotificationSender, SmtpUnreachableError, type SenderLedger } from './notification-sender';
import { WorkerMetrics } from '@cohost/metrics';
import { Registry } from 'prom-client';

const config = {
  mail: { from: { name: 'cohost', address: 'no-reply@cohost.example' } },
  http: { publicBaseUrl: 'https://cohost.example' },
  worker: { concurrency: 4, mailRetryDelayMs: 1000, mailOutageMaxDelayMs: 8000 },
} as unknown as AppConfig;

const event = {
  id: 'e1',
  slug: 'rna',
  sequence: 0,
  status: 'published',
  titleEn: 'RNA',
  titleJa: null,
  descriptionEn: null,
  descriptionJa: null,
  startsAt: new Date('2030-01-01T09:00:00Z'),
  endsAt: new Date('2030-01-01T10:00:00Z'),
  timezone: 'Asia/Tokyo',
  joinUrl: 'https://meet.example/j/1',
  cancelReason: null,
  host: {
    id: 'p1',
    slug: 'hub',
    nameEn: 'Hub',
    nameJa: null,
    timezone: 'Asia/Tokyo',
    contactEmail: 'h@hub.example',
    country: 'JP',
  },
  cohosts: [],
} as unknown as EventEntity;

function row(id: string, overrides: Partial<LoadedNotification['notification']> = {}): LoadedNotification {
  return {
    notification: {
      id,
      kind: 'registration.confirmed',
      eventId: 'e1',
      registrationId: `r${id}`,
      invitationId: null,
      signInId: null,
      eventSequence: 0,
      data: {},
      status: 'pending',
      relayJob: 'job-1',
      ...overrides,
    },
    registration: {
      id: `r${id}`,
      eventId: 'e1',
      email: `p${id}@example.org`,
      name: 'P',
      locale: 'en',
      timezone: 'UTC',
      status: 'confirmed',
      waitlistedAt: null,
    },
    invitation: null,
    signIn: null,
    organizer: null,
    partner: null,
    stamp: {
      eventId: 'e1',
      sequence: 0,
      status: 'published',
      updatedAt: new Date(0),
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      cohosts: '',
    },
    suppression: null,
  };
}

function invitationRow(id: string, suppression: LoadedNotification['suppression'] = null): LoadedNotification {
  const base = row(id, { kind: 'invitation', registrationId: null, invitationId: `i${id}` });
  return {
    ...base,
    registration: null,
    invitation: { id: `i${id}`, email: `I${id}@Example.org`, invitedByPartnerId: null },
    suppression,
  };
}

function smtpError(code: number): Error {
  return Object.assign(new Error(`${code} no`), { responseCode: code });
}

function setup(rows: LoadedNotification[], deliver: (ctx: AnyMailContext) => Promise<{ messageId: string }>) {
  const byId = new Map(rows.map((r) => [r.notification.id, r]));
  const ledger = {
    load: jest.fn(async (id: string) => byId.get(id) ?? null),
    claim: jest.fn(async () => new Set<string>()),
    markSent: jest.fn(async () => undefined),
    markSkipped: jest.fn(async () => undefined),
    recordFailure: jest.fn(async () => undefined),
    recordUnreachable: jest.fn(async () => undefined),
    suppressAfterHardBounce: jest.fn(async () => undefined),
  } satisfies SenderLedger;
  const port: MailPort = {
    calendarUid,
    deliver: jest.fn((ctx: AnyMailContext) => deliver(ctx)),
    isPermanent: (error) => error instanceof PermanentMailError,
    isConnectionFailure: (error) => (error as { code?: string }).code === 'ECONNECTION',
    close: async () => undefined,
  };
  const loader = { event: jest.fn(async () => event), waitlistPosition: jest.fn(async () => 1) };
  const minter = {
    cancelToken: jest.fn(async () => 'tok'),
    joinToken: jest.fn(async () => 'jtok'),
    invitationCode: jest.fn(async () => 'code'),
    signInToken: jest.fn(async () => 'sign-in-token'),
    linkKey: jest.fn(async () => 'k'.repeat(64)),
  };
  const metrics = new WorkerMetrics(new Registry());
  const sender = new NotificationSender(config, ledger, loader, minter, port, metrics);
  return { sender, ledger, port, minter, metrics };
}

const job = (attempt = 1, maxAttempts = 3): JobContext => ({
  jobId: 'job-1',
  attempt,
  maxAttempts,
  postpone: () => Promise.reject(new Error('postponed')),
});

/** A `console.sign_in` row: no event, its sign-in request instead. */
function signInRow(id: string, signIn: Partial<NonNullable<LoadedNotification['signIn']>> = {}): LoadedNotification {
  const base = row(id, { kind: 'console.sign_in', eventId: null, registrationId: null, data: { locale: 'en' } });
  return {
    ...base,
    registration: null,
    stamp: null,
    signIn: {
      id: 's1',
      email: 'admin@hub.example',
      requestedAt: new Date(),
      usedAt: null,
      mayStillSignIn: true,
      ...signIn,
    },
  };
}

/** A `webhook.endpoint_disabled` row: no event, the partner (its contact address) instead. */
function partnerRow(id: string, partner: LoadedNotification['partner']): LoadedNotification {
  const data = { endpointId: 'w1', url: 'https://crm.example/hook', reason: 'gone' };
  const base = row(id, { kind: 'webhook.endpoint_disabled', eventId: null, registrationId: null, data });
  return { ...base, registration: null, stamp: null, partner };
}

describe('NotificationSender', () => {
  it('sends a partner notice to the contact address with the console link, minting no secret of an event', async () => {
    const partner = { id: 'p1', contactEmail: 'it@partner.example', name: { en: 'Partner', ja: 'パートナー' } };
    const { sender, ledger, port, minter } = setup([partnerRow('9', partner)], async () => ({ messageId: 'm' }));
    const [result] = await sender.send(['9'], job());
    expect(result).toEqual({ status: 'fulfilled', value: { outcome: 'sent', detail: 'm' } });
    expect(port.deliver).toHaveBeenCalledWith(
      {
        kind: 'webhook.endpoint_disabled',
        from: config.mail.from,
        recipient: { email: 'it@partner.example' },
        partner: { name: { en: 'Partner', ja: 'パートナー' } },
        link: 'https://cohost.example/console/webhooks',
        data: { endpointId: 'w1', url: 'https://crm.example/hook', reason: 'gone' },
      },
      '<n9.notice@cohost.example>',
    );
    expect(minter.linkKey).not.toHaveBeenCalled();
    expect(ledger.markSent).toHaveBeenCalledWith('9', 'm');
  });

  it('skips a partner notice once the partner is gone', async () => {
    const { sender, ledger, port } = setup([partnerRow('10', null)], async () => ({ messageId: 'm' }));
    const [result] = await sender.send(['10'], job());
    expect(result).toEqual({
      status: 'fulfilled',
      value: { outcome: 'skipped', detail: 'the partner no longer exists' },
    });
    expect(ledger.markSkipped).toHaveBeenCalledWith('10', 'the partner no longer exists');
    expect(port.deliver).not.toHaveBeenCalled();
  });

  it("sends a console.sign_in row through the same path: token minted at send, the catalogue's 15 minutes, marked sent", async () => {
    const { sender, ledger, port, minter } = setup([signInRow('7')], async () => ({ messageId: '<n7.sign-in@x>' }));
    const [result] = await sender.send(['7'], job());
    expect(result).toEqual({ status: 'fulfilled', value: { outcome: 'sent', detail: '<n7.sign-in@x>' } });
    expect(minter.signInToken).toHaveBeenCalledWith('s1', 15);
    expect(minter.cancelToken).not.toHaveBeenCalled();
    expect(port.deliver).toHaveBeenCalledWith(
      {
        kind: 'console.sign_in',
        from: config.mail.from,
        recipient: { email: 'admin@hub.example', locale: 'en' },
        link: 'https://cohost.example/console/sign-in/confirm?token=sign-in-token',
        validMinutes: 15,
      },
      '<n7.sign-in@cohost.example>',
    );
    expect(ledger.markSent).toHaveBeenCalledWith('7', '<n7.sign-in@x>');
  });

  it.each([
    ['used', { usedAt: new Date() }, /already used/],
    ['of an address that may no longer sign in', { mayStillSignIn: false }, /no longer belongs/],
    ['older than the send window', { requestedAt: new Date(Date.now() - 61 * 60_000) }, /older than 60 minutes/],
  ])('skips a sign-in row whose request is %s, minting nothing', async (_, signIn, reason) => {
    const { sender, ledger, port, minter } = setup([signInRow('8', signIn)], async () => ({ messageId: 'x' }));
    const [result] = await sender.send(['8'], job());
    expect(result).toEqual({
      status: 'fulfilled',
      value: { outcome: 'skipped', detail: expect.stringMatching(reason) },
    });
    expect(ledger.markSkipped).toHaveBeenCalledWith('8', expect.stringMatching(reason));
    expect(minter.signInToken).not.toHaveBeenCalled();
    expect(port.deliver).not.toHaveBeenCalled();
  });

  it('sends its own pending row once and marks it sent under the Message-ID', async () => {
    const { sender, ledger, port } = setup([row('1')], async () => ({ messageId: '<n1.e1@cohost.example>' }));
    const [result] = await sender.send(['1'], job());
    expect(result).toEqual({ status: 'fulfilled', value: { outcome: 'sent', detail: '<n1.e1@cohost.example>' } });
    expect(port.deliver).toHaveBeenCalledTimes(1);
    expect(ledger.markSent).toHaveBeenCalledWith('1', '<n1.e1@cohost.example>');
  });

  it('leaves another job’s row to that job', async () => {
    const { sender, ledger, port } = setup([row('1', { relayJob: 'job-2' })], async () => ({ messageId: 'x' }));
    const [result] = await sender.send(['1'], job());
    expect(result).toEqual({ status: 'fulfilled', value: { outcome: 'other-job', detail: 'job-2' } });
    expect(port.deliver).not.toHaveBeenCalled();
    expect(ledger.markSent).not.toHaveBeenCalled();
  });

  it('does not send a row already sent (or failed, or skipped)', async () => {
    const rows = (['sent', 'failed', 'skipped'] as const).map((status, i) => row(String(i), { status }));
    const { sender, port } = setup(rows, async () => ({ messageId: 'x' }));
    const results = await sender.send(['0', '1', '2'], job());
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.outcome : r.reason))).toEqual([
      'already-sent',
      'already-failed',
      'already-skipped',
    ]);
    expect(port.deliver).not.toHaveBeenCalled();
  });

  it('fails a row at once on a 5xx', async () => {
    const { sender, ledger } = setup([row('1')], async () => {
      throw new PermanentMailError('550 no such user', 550);
    });
    const [result] = await sender.send(['1'], job(1, 5));
    expect(result.status === 'rejected' && result.reason).toBeInstanceOf(UnrecoverableError);
    expect(ledger.recordFailure).toHaveBeenCalledWith('1', '550 no such user', true);
    // A hard bounce: the address gets no more bulk mail.
    expect(ledger.suppressAfterHardBounce).toHaveBeenCalledWith('p1@example.org', '550 no such user');
  });

  it('does not suppress an address after a 4xx', async () => {
    const { sender, ledger } = setup([row('1')], async () => {
      throw smtpError(451);
    });
    await sender.send(['1'], job(3, 3));
    expect(ledger.suppressAfterHardBounce).not.toHaveBeenCalled();
  });

  it('gives an invitation a one-click unsubscribe link for its (lower-cased) address', async () => {
    const { sender, port } = setup([invitationRow('1')], async () => ({ messageId: 'x' }));
    await sender.send(['1'], job());
    const ctx = (port.deliver as jest.Mock).mock.calls[0][0] as MailContext;
    const token = new URL(ctx.links.unsubscribe!).searchParams.get('token');
    expect(readAddressLink('k'.repeat(64), 'unsubscribe', token)).toBe('i1@example.org');
    const erase = new URL(ctx.links.erase!).searchParams.get('token');
    expect(readAddressLink('k'.repeat(64), 'erase', erase)).toBe('i1@example.org');
  });

  it('gives every email an erase link and sends nothing to an erased placeholder', async () => {
    const erased = row('2');
    erased.registration!.email = 'erased-r2@invalid';
    const { sender, port } = setup([row('1'), erased], async () => ({ messageId: 'x' }));
    const [first, second] = await sender.send(['1', '2'], job());
    const ctx = (port.deliver as jest.Mock).mock.calls[0][0] as MailContext;
    expect(readAddressLink('k'.repeat(64), 'erase', new URL(ctx.links.erase!).searchParams.get('token'))).toBe(
      'p1@example.org',
    );
    expect(first).toMatchObject({ value: { outcome: 'sent' } });
    expect(second).toEqual({ status: 'fulfilled', value: { outcome: 'skipped', detail: 'the recipient was erased' } });
  });

  it('skips an invitation to a suppressed address with the reason, and still sends confirmations there', async () => {
    const confirmed = { ...row('2'), suppression: 'unsubscribed' as const };
    const { sender, ledger, port } = setup([invitationRow('1', 'unsubscribed'), confirmed], async () => ({
      messageId: 'x',
    }));
    const [invitation, confirmation] = await sender.send(['1', '2'], job());
    expect(invitation).toEqual({
      status: 'fulfilled',
      value: { outcome: 'skipped', detail: 'the address unsubscribed from such emails' },
    });
    expect(ledger.markSkipped).toHaveBeenCalledWith('1', 'the address unsubscribed from such emails');
    expect(confirmation).toMatchObject({ status: 'fulfilled', value: { outcome: 'sent' } });
    expect(port.deliver).toHaveBeenCalledTimes(1);
  });

  it('keeps a row pending after a 4xx, and fails it after its last attempt', async () => {
    const { sender, ledger } = setup([row('1')], async () => {
      throw smtpError(451);
    });
    expect((await sender.send(['1'], job(2, 3)))[0].status).toBe('rejected');
    expect(ledger.recordFailure).toHaveBeenLastCalledWith('1', '451 no', false);
    expect((await sender.send(['1'], job(3, 3)))[0].status).toBe('rejected');
    expect(ledger.recordFailure).toHaveBeenLastCalledWith('1', '451 no', true);
  });

  it('counts no attempt when the server cannot be reached, and backs off up to the cap', async () => {
    let down = true;
    const { sender, ledger, metrics } = setup([row('1')], async () => {
      if (!down) return { messageId: 'x' };
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' });
    });
    const metric = async (name: string) =>
      Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(await metrics.registry.metrics())?.[1]);
    expect(await metric('cohost_smtp_unreachable')).toBe(0);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const [result] = await sender.send(['1'], job(3, 3));
      expect(result.status === 'rejected' && result.reason).toBeInstanceOf(SmtpUnreachableError);
      delays.push(sender.outage.delay());
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(ledger.recordFailure).not.toHaveBeenCalled();
    expect(ledger.recordUnreachable).toHaveBeenCalledTimes(6);
    expect(sender.outage.failures).toBe(6);
    // The outage is exported: unreachable now, six connection failures; reachable again after a send.
    expect(await metric('cohost_smtp_unreachable')).toBe(1);
    expect(await metric('cohost_smtp_connection_failures_total')).toBe(6);
    down = false;
    expect((await sender.send(['1'], job(3, 3)))[0].status).toBe('fulfilled');
    expect(await metric('cohost_smtp_unreachable')).toBe(0);
    expect(await metric('cohost_smtp_connection_failures_total')).toBe(6);
  });

  it('gives the waitlist email a cancel link and never the join link', async () => {
    const waiting = row('1', { kind: 'registration.waitlisted' });
    waiting.registration!.status = 'waitlisted';
    const { sender, port } = setup([waiting], async () => ({ messageId: 'x' }));
    await sender.send(['1'], job());
    const ctx = (port.deliver as jest.Mock).mock.calls[0][0] as MailContext;
    expect(ctx.links.cancel).toBe('https://cohost.example/cancel?token=tok');
    expect(ctx.event.joinUrl).toBeUndefined();
    expect(ctx.data.waitlistPosition).toBe(1);
  });

  it("gives a confirmed registrant's confirmation a freshly minted personal join link, not the meeting URL", async () => {
    const { sender, port, minter } = setup([row('1')], async () => ({ messageId: 'x' }));
    await sender.send(['1'], job());
    const ctx = (port.deliver as jest.Mock).mock.calls[0][0] as MailContext;
    expect(minter.joinToken).toHaveBeenCalledWith('r1');
    expect(ctx.event.joinUrl).toBe('https://cohost.example/j/jtok');
    expect(JSON.stringify(ctx)).not.toContain('meet.example');
  });

  it('sends at most WORKER_CONCURRENCY messages at once, a pending mark holding no send slot, and settles a row only once it is marked', async () => {
    let sending = 0;
    let most = 0;
    const ids = Array.from({ length: 12 }, (_, i) => String(i + 1));
    const { sender, ledger } = setup(
      ids.map((id) => row(id)),
      async () => {
        most = Math.max(most, ++sending);
        await new Promise((r) => setImmediate(r));
        sending--;
        return { messageId: 'x' };
      },
    );
    // The first four marks hang until released: the other rows are sent meanwhile.
    const held: Array<() => void> = [];
    ledger.markSent.mockImplementation(() =>
      held.length < 4
        ? new Promise<undefined>((resolve) => held.push(() => resolve(undefined)))
        : Promise.resolve(undefined),
    );
    let settled = false;
    const sent = sender.send(ids, job()).then((results) => {
      settled = true;
      return results;
    });
    for (let i = 0; i < 50 && ledger.markSent.mock.calls.length < 8; i++) await new Promise((r) => setImmediate(r));
    expect(ledger.markSent.mock.calls.length).toBeGreaterThanOrEqual(8); // concurrency 4, rows in progress 8
    expect(most).toBeLessThanOrEqual(4);
    expect(settled).toBe(false);
    held.forEach((release) => release());
    const results = await sent;
    expect(results.every((r) => r.status === 'fulfilled' && r.value.outcome === 'sent')).toBe(true);
    expect(ledger.markSent).toHaveBeenCalledTimes(12);
    expect(most).toBeLessThanOrEqual(4);
  });
});
