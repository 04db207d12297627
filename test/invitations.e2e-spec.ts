import type { EventEntity } from '@cohost/database';
import { DataSource } from 'typeorm';
import type { InviteDto } from '../apps/api/src/invitations/dto/invite.dto';
import { ApiHarness, startApi } from './support/api-harness';
import {
  createOrganizer,
  createPartner,
  insertCohost,
  insertEvent,
  TestOrganizer,
  TestPartner,
} from './support/factories';
import { invitationCodeFor, register, UNTHROTTLED } from './support/registrations';

describe('invitations and invite-only events', () => {
  let api: ApiHarness;
  let host: TestPartner;
  let hostOrg: TestOrganizer;
  let cohostOrg: TestOrganizer;
  let strangerOrg: TestOrganizer;
  let event: EventEntity;

  beforeAll(async () => {
    api = await startApi(UNTHROTTLED);
    host = await createPartner(api);
    const cohost = await createPartner(api);
    const stranger = await createPartner(api);
    event = await insertEvent(api, host.id, { visibility: 'invite_only', capacity: 50 });
    await insertCohost(api, event.id, cohost.id, 'accepted');
    [hostOrg, cohostOrg, strangerOrg] = await Promise.all([
      createOrganizer(api, host),
      createOrganizer(api, cohost),
      createOrganizer(api, stranger),
    ]);
  });
  afterAll(() => api?.close());

  const invite = (org: TestOrganizer, emails: string[], target: EventEntity = event) =>
    api.http
      .post(`/api/v1/events/${target.id}/invitations`)
      .set(org.headers)
      .send({ emails } satisfies InviteDto);

  const outboxRows = async (email: string) =>
    (await api.app
      .get(DataSource)
      .query(`SELECT kind, dedupe_key FROM notifications WHERE lower(recipient) = lower($1) AND kind = 'invitation'`, [
        email,
      ])) as Array<{ kind: string; dedupe_key: string }>;

  it('host or accepted co-host invite (202, one outbox row per address and round); others 403', async () => {
    const res = await invite(hostOrg, ['Aiko@Example.jp', 'aiko@example.jp', 'bo@example.dk']).expect(202);
    expect(res.body).toEqual({ round: expect.any(String), invited: 2, created: 2 });
    expect(await outboxRows('aiko@example.jp')).toHaveLength(1);

    // Re-inviting sends again (a new round), without a second invitation row.
    const again = await invite(cohostOrg, ['AIKO@example.jp']).expect(202);
    expect(again.body).toMatchObject({ invited: 1, created: 0 });
    expect(await outboxRows('aiko@example.jp')).toHaveLength(2);

    expect((await invite(strangerOrg, ['x@example.org']).expect(403)).body.code).toBe('EVENT_FORBIDDEN');
    await invite(hostOrg, ['not an address']).expect(400);
    await invite(hostOrg, []).expect(400);
  });

  it('takes thousands of addresses in one call', async () => {
    const emails = Array.from({ length: 3000 }, (_, i) => `guest-${i}@example.org`);
    const res = await invite(hostOrg, emails).expect(202);
    expect(res.body).toMatchObject({ invited: 3000, created: 3000 });
    const [{ n }] = (await api.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM notifications WHERE dedupe_key LIKE $1`, [
        `invitation:%:${res.body.round}`,
      ])) as Array<{ n: number }>;
    expect(n).toBe(3000);
  });

  it("registering needs the code of that address: none 403, someone else's 403, own code once", async () => {
    await invite(hostOrg, ['carla@example.it', 'dmitri@example.org']).expect(202);
    const carla = await invitationCodeFor(api, event, 'carla@example.it');
    const dmitri = await invitationCodeFor(api, event, 'dmitri@example.org');

    const none = await register(api, event, { email: 'carla@example.it' }).expect(403);
    expect(none.body.code).toBe('INVITATION_REQUIRED');
    const stolen = await register(api, event, { email: 'carla@example.it', invitationCode: dmitri }).expect(403);
    expect(stolen.body.code).toBe('INVITATION_CODE_INVALID');
    const uninvited = await register(api, event, { email: 'eve@example.org', invitationCode: carla }).expect(403);
    expect(uninvited.body.code).toBe('INVITATION_CODE_INVALID');

    const ok = await register(api, event, { email: 'Carla@example.it', invitationCode: carla }).expect(201);
    expect(ok.body.status).toBe('confirmed');
    const reused = await register(api, event, { email: 'carla@example.it', invitationCode: carla }).expect(409);
    expect(reused.body.code).toBe('INVITATION_USED');
    const [row] = (await api.app
      .get(DataSource)
      .query(`SELECT used_at, registration_id FROM invitations WHERE event_id = $1 AND email = 'carla@example.it'`, [
        event.id,
      ])) as Array<{ used_at: Date | null; registration_id: string }>;
    expect(row.used_at).not.toBeNull();
    expect(row.registration_id).toBe(ok.body.id);
  });

  it('the same code redeemed twice at once: one registration', async () => {
    await invite(hostOrg, ['fumiko@example.jp']).expect(202);
    const code = await invitationCodeFor(api, event, 'fumiko@example.jp');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => register(api, event, { email: 'fumiko@example.jp', invitationCode: code })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it('refuses invitations to drafts and cancelled events (409)', async () => {
    const draft = await insertEvent(api, host.id, { status: 'draft', publishedAt: null });
    expect((await invite(hostOrg, ['a@example.org'], draft).expect(409)).body.code).toBe('EVENT_NOT_PUBLISHED');
    const cancelled = await insertEvent(api, host.id, { status: 'cancelled' });
    expect((await invite(hostOrg, ['a@example.org'], cancelled).expect(409)).body.code).toBe('EVENT_CANCELLED');
  });
});
