import type { InviteDto } from '../apps/api/src/invitations/dto/invite.dto';
import { ApiHarness, startApi } from './support/api-harness';
import { createAgreement, createOrganizer, createPartner, TestOrganizer, TestPartner } from './support/factories';
import { acceptCohost, createEvent, EventJson, inviteCohost, publishEvent } from './support/events';
import { registrationBody, UNTHROTTLED } from './support/registrations';

type Role = 'host' | 'cohost' | 'pending' | 'declined' | 'other' | 'admin' | 'anonymous';
type Action =
  | 'edit published'
  | 'edit draft'
  | 'publish draft'
  | 'cancel published'
  | 'invite co-host'
  | 'remove co-host'
  | 'accept invitation'
  | 'decline invitation'
  | 'read draft'
  | 'read published'
  | 'list registrations'
  | 'cancel a registration'
  | 'send invitations'
  | 'list notifications';

/** Actions that only read: a wrongly allowed one changes nothing, so their cells share an event. */
const READS = new Set<Action>(['read draft', 'read published', 'list registrations', 'list notifications']);

/**
 * The authorization matrix of issue 3, as status codes per role. `read
 * published` also says whether `joinUrl` is in the answer.
 */
const MATRIX: Record<Action, Record<Role, number | [number, 'joinUrl' | 'no joinUrl']>> = {
  'edit published': { host: 200, cohost: 200, pending: 403, declined: 403, other: 403, admin: 403, anonymous: 401 },
  'edit draft': { host: 200, cohost: 200, pending: 403, declined: 403, other: 404, admin: 403, anonymous: 401 },
  'publish draft': { host: 200, cohost: 200, pending: 403, declined: 403, other: 404, admin: 403, anonymous: 401 },
  'cancel published': { host: 200, cohost: 200, pending: 403, declined: 403, other: 403, admin: 403, anonymous: 401 },
  'invite co-host': { host: 201, cohost: 403, pending: 403, declined: 403, other: 403, admin: 403, anonymous: 401 },
  'remove co-host': { host: 200, cohost: 403, pending: 403, declined: 403, other: 403, admin: 403, anonymous: 401 },
  'accept invitation': { host: 403, cohost: 403, pending: 200, declined: 403, other: 403, admin: 403, anonymous: 401 },
  'decline invitation': { host: 403, cohost: 403, pending: 200, declined: 403, other: 403, admin: 403, anonymous: 401 },
  'read draft': { host: 200, cohost: 200, pending: 200, declined: 200, other: 404, admin: 200, anonymous: 404 },
  'read published': {
    host: [200, 'joinUrl'],
    cohost: [200, 'joinUrl'],
    pending: [200, 'no joinUrl'],
    declined: [200, 'no joinUrl'],
    other: [200, 'no joinUrl'],
    admin: [200, 'joinUrl'],
    anonymous: [200, 'no joinUrl'],
  },
  'list registrations': { host: 200, cohost: 200, pending: 403, declined: 403, other: 403, admin: 200, anonymous: 401 },
  'cancel a registration': {
    host: 200,
    cohost: 200,
    pending: 403,
    declined: 403,
    other: 403,
    admin: 403,
    anonymous: 401,
  },
  'send invitations': { host: 202, cohost: 202, pending: 403, declined: 403, other: 403, admin: 403, anonymous: 401 },
  'list notifications': { host: 200, cohost: 200, pending: 403, declined: 403, other: 403, admin: 200, anonymous: 401 },
};

describe('event authorization matrix (role x action x status)', () => {
  let api: ApiHarness;
  const partners = {} as Record<'host' | 'cohost' | 'pending' | 'declined' | 'other' | 'extra', TestPartner>;
  const organizers = {} as Record<'host' | 'cohost' | 'pending' | 'declined' | 'other', TestOrganizer>;

  beforeAll(async () => {
    api = await startApi(UNTHROTTLED);
    for (const key of ['host', 'cohost', 'pending', 'declined', 'other', 'extra'] as const) {
      partners[key] = await createPartner(api);
    }
    for (const key of ['cohost', 'pending', 'declined', 'extra'] as const) {
      await createAgreement(api, partners.host, partners[key]);
    }
    for (const key of ['host', 'cohost', 'pending', 'declined', 'other'] as const) {
      organizers[key] = await createOrganizer(api, partners[key]);
    }
  });
  afterAll(() => api.close());

  /** A fresh event per cell: host, one accepted, one pending and one declined co-host. */
  async function scene(status: 'draft' | 'published'): Promise<EventJson> {
    const event = await createEvent(api, organizers.host);
    for (const key of ['cohost', 'pending', 'declined'] as const)
      await inviteCohost(api, organizers.host, event.id, partners[key]);
    await acceptCohost(api, organizers.cohost, event.id, partners.cohost);
    await api.http
      .post(`/api/v1/events/${event.id}/cohosts/${partners.declined.slug}/decline`)
      .set(organizers.declined.headers)
      .expect(200);
    return status === 'published' ? publishEvent(api, organizers.host, event.id) : event;
  }

  const headersOf = (role: Role): Record<string, string> =>
    role === 'anonymous' ? {} : role === 'admin' ? api.admin : organizers[role].headers;

  /**
   * Cells expected to change the event get a fresh one; the others (refusals
   * and reads) share one per status, which a wrongly allowed change would
   * still show as a failing cell.
   */
  const shared: Partial<Record<'draft' | 'published', Promise<EventJson>>> = {};
  async function eventFor(status: 'draft' | 'published', mutates: boolean): Promise<EventJson> {
    if (mutates) return scene(status);
    shared[status] ??= scene(status);
    return shared[status];
  }

  async function perform(action: Action, role: Role, mutates: boolean) {
    const headers = headersOf(role);
    const draft = action === 'edit draft' || action === 'publish draft' || action === 'read draft';
    const event = await eventFor(draft ? 'draft' : 'published', mutates);
    const base = `/api/v1/events/${event.id}`;
    switch (action) {
      case 'edit published':
      case 'edit draft':
        return api.http
          .patch(base)
          .set(headers)
          .send({ description: { en: `edited by ${role}` } });
      case 'publish draft':
        return api.http.post(`${base}/publish`).set(headers);
      case 'cancel published':
        return api.http.post(`${base}/cancel`).set(headers).send({ reason: 'matrix' });
      case 'invite co-host':
        return api.http.post(`${base}/cohosts`).set(headers).send({ partner: partners.extra.slug });
      case 'remove co-host':
        return api.http.delete(`${base}/cohosts/${partners.pending.slug}`).set(headers);
      case 'accept invitation':
        return api.http.post(`${base}/cohosts/${partners.pending.slug}/accept`).set(headers);
      case 'decline invitation':
        return api.http.post(`${base}/cohosts/${partners.pending.slug}/decline`).set(headers);
      case 'read draft':
      case 'read published':
        return api.http.get(base).set(headers);
      case 'list registrations':
        return api.http.get(`${base}/registrations`).set(headers);
      case 'cancel a registration': {
        // A registrant who consented to share with co-hosts, so a co-host may see (and cancel) them.
        const registration = await api.http
          .post(`${base}/registrations`)
          .send(registrationBody({ consent: { shareWithCohosts: true } }))
          .expect(201);
        return api.http.post(`${base}/registrations/${registration.body.id}/cancel`).set(headers);
      }
      case 'send invitations':
        return api.http
          .post(`${base}/invitations`)
          .set(headers)
          .send({ emails: [`guest-${role}@example.org`] } satisfies InviteDto);
      case 'list notifications':
        return api.http.get(`${base}/notifications`).set(headers);
    }
  }

  const cells = (Object.keys(MATRIX) as Action[]).flatMap((action) =>
    (Object.keys(MATRIX[action]) as Role[]).map((role) => [action, role, MATRIX[action][role]] as const),
  );

  it.each(cells)('%s as %s -> %p', async (action, role, expected) => {
    const [status, joinUrl] = Array.isArray(expected) ? expected : [expected, undefined];
    const res = await perform(action, role, status < 300 && !READS.has(action));
    expect({ status: res.status, code: res.body.code }).toEqual(expect.objectContaining({ status }));
    if (status >= 400) expect(res.body).toMatchObject({ statusCode: status, code: expect.any(String) });
    if (joinUrl === 'joinUrl') expect(res.body.joinUrl).toBe('https://meet.example.org/j/123456');
    if (joinUrl === 'no joinUrl') expect(res.body).not.toHaveProperty('joinUrl');
  });

  it('a co-host of event A gets 403 on event B it is not party to, and its edits leave B untouched', async () => {
    const a = await scene('published');
    const b = await publishEvent(api, organizers.host, (await createEvent(api, organizers.host)).id);
    expect(a.cohosts.some((c) => c.partner.slug === partners.cohost.slug)).toBe(true);
    await api.http.patch(`/api/v1/events/${b.id}`).set(organizers.cohost.headers).send({ capacity: 1 }).expect(403);
    await api.http.post(`/api/v1/events/${b.id}/cancel`).set(organizers.cohost.headers).expect(403);
    const after = await api.http.get(`/api/v1/events/${b.id}`).set(organizers.host.headers).expect(200);
    expect(after.body).toEqual(b);
  });
});
