import type { EventEntity } from '@cohost/database';
import { buildMailContext, type MailContextInput } from './build-mail-context';

const host = {
  id: 'p-host',
  slug: 'hub',
  nameEn: 'Hub',
  nameJa: 'ハブ',
  timezone: 'Asia/Tokyo',
  contactEmail: 'h@hub.example',
  country: 'JP',
};
const embassy = {
  id: 'p-dk',
  slug: 'dk',
  nameEn: 'Embassy',
  nameJa: null,
  timezone: 'Europe/Copenhagen',
  contactEmail: 'events@embassy.example',
};
const event = {
  id: 'e1',
  slug: 'rna',
  sequence: 2,
  status: 'published',
  titleEn: 'RNA',
  titleJa: null,
  descriptionEn: null,
  descriptionJa: '説明',
  startsAt: new Date('2030-01-01T09:00:00Z'),
  endsAt: new Date('2030-01-01T10:00:00Z'),
  timezone: 'Asia/Tokyo',
  joinUrl: 'https://meet.example/j/1',
  cancelReason: null,
  host,
  cohosts: [{ status: 'accepted', invitedAt: new Date(0), partner: embassy }],
} as unknown as EventEntity;

function input(overrides: Partial<MailContextInput> = {}): MailContextInput {
  return {
    notification: { kind: 'invitation', data: {} },
    event,
    registration: null,
    invitation: { id: 'i1', email: 'guest@example.org', invitedByPartnerId: 'p-host' },
    allow: { joinUrl: false, cancelLink: false },
    secrets: { invitationCode: 'c/1' },
    sentAt: new Date('2029-12-01T00:00:00Z'),
    publicBaseUrl: 'https://cohost.example',
    from: { name: 'cohost', address: 'no-reply@cohost.example' },
    calendarUid: 'e1@cohost',
    ...overrides,
  };
}

describe('buildMailContext', () => {
  it('names who sent this round of an invitation, else who first invited, and links the code', () => {
    expect(buildMailContext(input()).inviter).toEqual({
      slug: 'hub',
      name: { en: 'Hub', ja: 'ハブ' },
      timezone: 'Asia/Tokyo',
      contactEmail: 'h@hub.example',
    });
    const round = buildMailContext(
      input({ notification: { kind: 'invitation', data: { invitedByPartnerId: 'p-dk' } } }),
    );
    // The inviter's contact address: the invitation's Reply-To ("Replies reach the Embassy").
    expect(round.inviter).toEqual({
      slug: 'dk',
      name: { en: 'Embassy' },
      timezone: 'Europe/Copenhagen',
      contactEmail: 'events@embassy.example',
    });
    // Invitations show every partner's zone, so they carry the co-hosts' zones.
    expect(round.cohosts).toEqual([{ slug: 'dk', name: { en: 'Embassy' }, timezone: 'Europe/Copenhagen' }]);
    expect(round.links.register).toBe('https://cohost.example/events/rna?code=c%2F1');
    // A partner no longer on the event: the email says the host's name.
    const gone = buildMailContext(input({ notification: { kind: 'invitation', data: { invitedByPartnerId: 'p-x' } } }));
    expect(gone.inviter).toBeUndefined();
  });

  it('copies the join link only for a confirmed registrant when allowed, and the cancel token when minted', () => {
    const registration = {
      id: 'r1',
      eventId: 'e1',
      email: 'a@example.org',
      name: 'A',
      locale: 'en' as const,
      timezone: 'UTC',
      status: 'confirmed' as const,
      waitlistedAt: null,
    };
    const base = {
      notification: { kind: 'registration.confirmed', data: {} },
      invitation: null,
      registration,
    } as const;
    const allowed = buildMailContext(
      input({ ...base, allow: { joinUrl: true, cancelLink: true }, secrets: { cancelToken: 't', joinToken: 'j/1' } }),
    );
    // The personal link, never the meeting URL itself.
    expect(allowed.event.joinUrl).toBe('https://cohost.example/j/j%2F1');
    expect(JSON.stringify(allowed)).not.toContain('meet.example');
    expect(allowed.links.cancel).toBe('https://cohost.example/cancel?token=t');
    expect(allowed.inviter).toBeUndefined();
    // Other kinds name the co-hosts without their zones (nothing more per recipient than before).
    expect(allowed.cohosts).toEqual([{ slug: 'dk', name: { en: 'Embassy' } }]);
    const waiting = buildMailContext(
      input({
        ...base,
        registration: { ...registration, status: 'waitlisted' },
        allow: { joinUrl: true, cancelLink: true },
        secrets: { joinToken: 'j/1' },
      }),
    );
    expect(waiting.event.joinUrl).toBeUndefined();
    expect(
      buildMailContext(input({ ...base, allow: { joinUrl: false, cancelLink: false } })).event.joinUrl,
    ).toBeUndefined();
  });
});
