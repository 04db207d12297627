import { notificationDedupeKey } from '@cohost/domain';
import type { EntityManager } from 'typeorm';
import { Outbox, registrationDedupeKeySql, registrationOutboxRow } from './outbox';

describe('the outbox row of a registration email', () => {
  it('has the key kind:registration:sequence, as the ledger spells it', () => {
    expect(
      registrationOutboxRow('registration.waitlisted', { id: 'r1', eventId: 'e1', email: 'a@example.org' }, 3, {
        waitlistPosition: 2,
      }),
    ).toEqual({
      kind: 'registration.waitlisted',
      eventId: 'e1',
      registrationId: 'r1',
      eventSequence: 3,
      dedupeKey: 'registration.waitlisted:r1:3',
      recipient: 'a@example.org',
      data: { waitlistPosition: 2 },
    });
    expect(notificationDedupeKey('event.reminder', 'r1', 3, 'P1D')).toBe('event.reminder:r1:3:P1D');
  });

  it('spells the same key in SQL for set-based inserts', () => {
    expect(registrationDedupeKeySql('$1', 'r.id', 'e.sequence')).toBe(`$1 || ':' || r.id || ':' || e.sequence`);
    expect(registrationDedupeKeySql("'registration.' || r.status", 'r.id', 'p.sequence', '$3')).toBe(
      `'registration.' || r.status || ':' || r.id || ':' || p.sequence || $3`,
    );
  });
});

/** A manager that records every statement's parameters and answers inserts with one row. */
function recordingManager() {
  const calls: Array<{ sql: string; params: unknown[] }> = [];
  const manager = {
    query: async (sql: string, params: unknown[] = []) => {
      calls.push({ sql, params });
      return sql.includes('RETURNING') ? [{ id: '1' }] : [];
    },
  } as unknown as EntityManager;
  return { manager, calls };
}

describe('Outbox builders of emails that are not about a registration', () => {
  it('keys a sign-in email by notificationDedupeKey of the sign-in it returns', async () => {
    const { manager, calls } = recordingManager();
    const id = await Outbox.forSignIn(manager, { email: 'a@example.org', locale: 'en', sendable: true });
    expect(calls[0].params).toContain(notificationDedupeKey('console.sign_in', id));
    expect(calls[0].params).toContain(id);
    expect(calls[0].sql).not.toContain("'console.sign_in:'");
  });

  it('keys a co-hosting end by organizer, agreement and end date, one row per organizer, and wakes the relay', async () => {
    const { manager, calls } = recordingManager();
    const emails = await Outbox.forCohostingEnded(
      manager,
      { agreementId: 'ag', on: '2027-06-01', eventId: 'e1', eventSequence: 2 },
      [
        { id: 'o1', email: 'o1@example.org', data: { partner: 'B' } },
        { id: 'o2', email: 'o2@example.org', data: { partner: 'A' } },
      ],
    );
    expect(emails).toBe(2);
    expect(calls.map((c) => c.params[4])).toEqual([
      notificationDedupeKey('agreement.cohosting_ended', 'o1', 'ag', '2027-06-01'),
      notificationDedupeKey('agreement.cohosting_ended', 'o2', 'ag', '2027-06-01'),
      undefined,
    ]);
    expect(calls[2].sql).toContain('pg_notify');
  });

  it('keys an endpoint disablement by endpoint and time', async () => {
    const { manager, calls } = recordingManager();
    const at = new Date('2027-06-01T00:00:00Z');
    await Outbox.forEndpointDisabled(manager, {
      endpointId: 'ep',
      partnerId: 'p',
      recipient: 'contact@example.org',
      at,
      data: { url: 'https://hooks.example.org/' },
    });
    expect(calls[0].params[2]).toBe(notificationDedupeKey('webhook.endpoint_disabled', 'ep', at.getTime()));
  });
});
