import { notificationDedupeKey } from '@cohost/domain';
import { registrationDedupeKeySql, registrationOutboxRow } from './outbox';

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
