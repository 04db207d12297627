import { Actor, decideEventAccess, EventAction, EventParties } from './event-access';

const HOST = 'host-partner';
const COHOST = 'cohost-partner';
const PENDING = 'pending-partner';
const DECLINED = 'declined-partner';
const ENDED = 'ended-partner';
const OTHER = 'other-partner';

const event = (status: EventParties['status']): EventParties => ({
  hostPartnerId: HOST,
  status,
  cohosts: [
    { partnerId: COHOST, status: 'accepted' },
    { partnerId: PENDING, status: 'pending' },
    { partnerId: DECLINED, status: 'declined' },
    { partnerId: ENDED, status: 'ended' },
  ],
});

const actors: Record<string, Actor> = {
  host: { kind: 'organizer', partnerId: HOST },
  cohost: { kind: 'organizer', partnerId: COHOST },
  pending: { kind: 'organizer', partnerId: PENDING },
  declined: { kind: 'organizer', partnerId: DECLINED },
  ended: { kind: 'organizer', partnerId: ENDED },
  other: { kind: 'organizer', partnerId: OTHER },
  admin: { kind: 'admin' },
  public: { kind: 'public' },
};

const outcome = (actor: string, status: EventParties['status'], action: EventAction) => {
  const decision = decideEventAccess(actors[actor], event(status), action);
  return decision.allowed ? 'ok' : decision.status;
};

describe('decideEventAccess', () => {
  it.each<[string, EventAction, 'ok' | 403 | 404]>([
    ['host', 'edit', 'ok'],
    ['host', 'manage_cohosts', 'ok'],
    ['host', 'view_registrations', 'ok'],
    ['host', 'respond_cohost', 403],
    ['cohost', 'edit', 'ok'],
    ['cohost', 'publish', 'ok'],
    ['cohost', 'cancel', 'ok'],
    ['cohost', 'view_registrations', 'ok'],
    ['cohost', 'invite', 'ok'],
    ['cohost', 'read_private', 'ok'],
    ['cohost', 'manage_cohosts', 403],
    // Announcements: host and accepted co-hosts (the co-host's reach only consenting registrants).
    ['host', 'announce', 'ok'],
    ['cohost', 'announce', 'ok'],
    ['pending', 'announce', 403],
    ['declined', 'announce', 403],
    ['other', 'announce', 403],
    ['admin', 'announce', 403],
    ['public', 'announce', 403],
    ['pending', 'read', 'ok'],
    ['pending', 'respond_cohost', 'ok'],
    ['pending', 'edit', 403],
    ['pending', 'view_registrations', 403],
    ['pending', 'read_private', 403],
    ['declined', 'edit', 403],
    ['declined', 'respond_cohost', 403],
    // Its agreement ended before the event: what the public may, nothing more.
    ...(
      [
        'edit',
        'publish',
        'cancel',
        'view_registrations',
        'cancel_registration',
        'invite',
        'view_notifications',
        'read_private',
        'respond_cohost',
        'manage_cohosts',
        'announce',
      ] as const
    ).map((action): [string, EventAction, 403] => ['ended', action, 403]),
    ['ended', 'read', 'ok'],
    ['other', 'read', 'ok'],
    ['other', 'edit', 403],
    ['other', 'view_registrations', 403],
    ['admin', 'read_private', 'ok'],
    ['admin', 'view_registrations', 'ok'],
    ['admin', 'edit', 403],
    ['public', 'read', 'ok'],
    ['public', 'read_private', 403],
    ['public', 'edit', 403],
  ])('on a published event, %s may %s: %s', (actor, action, expected) => {
    expect(outcome(actor, 'published', action)).toBe(expected);
  });

  it.each<[string, EventAction, 'ok' | 403 | 404]>([
    ['host', 'read', 'ok'],
    ['cohost', 'edit', 'ok'],
    ['pending', 'read', 'ok'],
    ['admin', 'read', 'ok'],
    ['ended', 'read', 404],
    ['other', 'read', 404],
    ['other', 'edit', 404],
    ['public', 'read', 404],
  ])('on a draft, %s may %s: %s', (actor, action, expected) => {
    expect(outcome(actor, 'draft', action)).toBe(expected);
  });
});
