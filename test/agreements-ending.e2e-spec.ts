import { INestApplicationContext } from '@nestjs/common';
import { unique } from '@cohost/testing';
import { settled } from './support/acceptance';
import { consoleSessionCookie } from './support/console';
import type { ApiHarness } from './support/api-harness';
import { createCohostedEvent, sql } from './support/events';
import { PrivacySweepHandler } from '../apps/worker/src/privacy/privacy-sweep.handler';
import { createAgreement, createOrganizer, createPartner, insertCohost, insertEvent } from './support/factories';
import { eventually, TestSmtpServer } from './support/mail-server';
import { MailPipeline, startMailPipeline } from './support/mail-pipeline';
import { registerThroughApi } from './support/acceptance';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** An agreement that ends stops the co-hostings it no longer covers, and both sides are told. */
describe('agreements that end', () => {
  let env: MailPipeline;
  let api: ApiHarness;
  let smtp: TestSmtpServer;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    env = await startMailPipeline();
    ({ api, smtp, worker } = env);
  });
  afterAll(() => env?.close());

  it('previews, then ends future co-hostings only, takes the co-host’s rights, and emails both partners', async () => {
    // A webinar 30 days ahead, co-hosted under an agreement running to 2036; and a past one between the same partners.
    const { event, host, cohost, hostOrganizer, cohostOrganizer } = await createCohostedEvent(api);
    await registerThroughApi(api, event, { email: 'member@example.org' });
    const past = await insertEvent(api, host.id, {
      startsAt: new Date(Date.now() - 10 * 86_400_000),
      endsAt: new Date(Date.now() - 10 * 86_400_000 + 3_600_000),
      status: 'published',
    });
    await insertCohost(api, past.id, cohost.id, 'accepted');
    const [agreement] = (await api.http.get('/api/v1/agreements').set(api.admin).expect(200)).body.filter(
      (a: { partners: Array<{ slug: string }> }) => a.partners.some((p) => p.slug === cohost.slug),
    );

    await api.http
      .get(`/api/v1/agreements/${agreement.id}/termination-preview?on=${day(1)}`)
      .set(hostOrganizer.headers)
      .expect(403);
    await api.http
      .get(`/api/v1/agreements/${agreement.id}/termination-preview?on=2026-02-30`)
      .set(api.admin)
      .expect(400);
    await api.http.get(`/api/v1/agreements/${agreement.id}/termination-preview`).set(api.admin).expect(400);
    // Ending after the webinar affects nothing; ending tomorrow affects the future webinar, never the past one.
    const late = await api.http
      .get(`/api/v1/agreements/${agreement.id}/termination-preview?on=${day(60)}`)
      .set(api.admin)
      .expect(200);
    expect(late.body.events).toEqual([]);
    const preview = await api.http
      .get(`/api/v1/agreements/${agreement.id}/termination-preview?on=${day(1)}`)
      .set(api.admin)
      .expect(200);
    expect(preview.body).toEqual({
      agreementId: agreement.id,
      terminatedOn: day(1),
      events: [
        expect.objectContaining({ id: event.id, slug: event.slug, hostPartnerId: host.id, cohostPartnerId: cohost.id }),
      ],
    });
    // A preview changes nothing.
    expect(await sql(api, `SELECT status FROM event_cohosts WHERE event_id = $1`, [event.id])).toEqual([
      { status: 'accepted' },
    ]);

    // The console's terminate page shows the same list before the admin confirms.
    const admin = await consoleSessionCookie(api, { email: `${unique('admin')}@hub.example`, role: 'admin' });
    const page = await api.http
      .get(`/console/admin/agreements/${agreement.id}/terminate?on=${day(1)}&lang=en`)
      .set('Cookie', admin.cookie)
      .expect(200);
    expect(page.text).toContain('Life Science Symposium');
    const none = await api.http
      .get(`/console/admin/agreements/${agreement.id}/terminate?on=${day(60)}&lang=en`)
      .set('Cookie', admin.cookie)
      .expect(200);
    expect(none.text).toContain('None: every co-hosted webinar not yet over stays covered.');

    await api.http
      .post(`/api/v1/agreements/${agreement.id}/terminate`)
      .set(api.admin)
      .send({ terminatedOn: day(1) })
      .expect(200);

    expect(await sql(api, `SELECT status FROM event_cohosts WHERE event_id = $1`, [event.id])).toEqual([
      { status: 'ended' },
    ]);
    expect(await sql(api, `SELECT status FROM event_cohosts WHERE event_id = $1`, [past.id])).toEqual([
      { status: 'accepted' },
    ]);
    // Not shown publicly as a co-host, no registrant access, no edit rights.
    const publicView = await api.http.get(`/api/v1/events/${event.id}`).expect(200);
    expect(publicView.body.cohosts).toEqual([]);
    await api.http.get(`/api/v1/events/${event.id}/registrations`).set(cohostOrganizer.headers).expect(403);
    await api.http.patch(`/api/v1/events/${event.id}`).set(cohostOrganizer.headers).send({ capacity: 50 }).expect(403);
    await api.http.get(`/api/v1/events/${event.id}/registrations`).set(hostOrganizer.headers).expect(200);

    // Both partners' organizers get one email listing the webinar.
    await settled(api, event.id);
    for (const organizer of [hostOrganizer, cohostOrganizer]) {
      await eventually(async () => (await smtp.parsedFor(organizer.email)).length > 0);
      const mails = await smtp.parsedFor(organizer.email);
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toMatch(/共催終了|Co-hosting ended/);
      expect(mails[0].text).toContain('Life Science Symposium');
      expect(mails[0].text).not.toMatch(/erasure\?token/);
    }
    const audit = (await api.http.get('/api/v1/audit?action=agreement.terminate').set(api.admin).expect(200)).body;
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          agreementId: agreement.id,
          detail: { terminatedOn: day(1), endedCohostings: [event.id] },
        }),
      ]),
    );
  });

  it('an agreement that reached expiresOn ends the co-hostings it no longer covers, by the hourly sweep', async () => {
    const host = await createPartner(api);
    const cohost = await createPartner(api);
    await createAgreement(api, host, cohost, { signedOn: day(-100), effectiveFrom: day(-90), expiresOn: day(-1) });
    const hostOrganizer = await createOrganizer(api, host);
    const upcoming = await insertEvent(api, host.id, {
      startsAt: new Date(Date.now() + 5 * 86_400_000),
      endsAt: new Date(Date.now() + 5 * 86_400_000 + 3_600_000),
      status: 'published',
    });
    await insertCohost(api, upcoming.id, cohost.id, 'accepted');

    const result = await worker.get(PrivacySweepHandler).handle();
    expect(result.detail).toContain('1 co-hosting(s) ended by expired agreements');
    expect(await sql(api, `SELECT status FROM event_cohosts WHERE event_id = $1`, [upcoming.id])).toEqual([
      { status: 'ended' },
    ]);
    await eventually(async () => (await smtp.parsedFor(hostOrganizer.email)).length > 0);
    // Once: the next run finds nothing more.
    expect((await worker.get(PrivacySweepHandler).handle()).detail).toContain('0 co-hosting(s) ended');
  });
});
