import { sweepPersonalData } from '@cohost/database';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueues } from '../apps/worker/src/jobs/job-queues.service';
import { PRIVACY_SWEEP_EVERY_MS } from '../apps/worker/src/privacy/privacy-sweep.handler';
import { registerThroughApi } from './support/acceptance';
import { ApiHarness, startApi } from './support/api-harness';
import { createCohostedEvent, sql } from './support/events';
import { startWorker } from './support/notify-fixtures';
import { UNTHROTTLED } from './support/registrations';

describe('retention sweep and audit log', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi(UNTHROTTLED);
  });
  afterAll(() => api?.close());

  const sweep = () =>
    sweepPersonalData(api.app.get(DataSource).manager, { retentionDays: 365, auditRetentionDays: 730 });

  it('anonymizes only registrants of events that ended RETENTION_DAYS ago; the numbers stay', async () => {
    const old = await createCohostedEvent(api);
    const recent = await createCohostedEvent(api);
    const gone = await registerThroughApi(api, old.event, { email: 'old@example.org', name: 'Old Timer' });
    const kept = await registerThroughApi(api, recent.event, { email: 'recent@example.org', name: 'Recent' });
    // The old event ended 366 days ago, the recent one 364 days ago (both moved back by SQL).
    for (const [eventId, days] of [
      [old.event.id, 366],
      [recent.event.id, 364],
    ] as const) {
      await sql(
        api,
        `UPDATE events SET starts_at = now() - make_interval(days => $2) - interval '2 hours',
                           ends_at = now() - make_interval(days => $2) WHERE id = $1`,
        [eventId, days],
      );
    }
    const counts = (eventId: string) =>
      sql(api, `SELECT status, count(*)::int AS n FROM registrations WHERE event_id = $1 GROUP BY status`, [eventId]);
    const before = [await counts(old.event.id), await counts(recent.event.id)];

    const first = await sweep();
    expect(first.registrations).toBeGreaterThanOrEqual(1);
    expect(await sql(api, `SELECT email, name, organization FROM registrations WHERE id = $1`, [gone.id])).toEqual([
      { email: `erased-${gone.id}@invalid`, name: 'erased', organization: '' },
    ]);
    expect(await sql(api, `SELECT 1 FROM notifications WHERE recipient = 'old@example.org'`)).toHaveLength(0);
    expect(await sql(api, `SELECT email FROM registrations WHERE id = $1`, [kept.id])).toEqual([
      { email: 'recent@example.org' },
    ]);
    expect([await counts(old.event.id), await counts(recent.event.id)]).toEqual(before);
    // A second run finds nothing more to do.
    expect(await sweep()).toEqual({ registrations: 0, invitations: 0, auditEntries: 0, webhooksNotified: 0 });
  });

  it('tells each partner whose webhook received an anonymized registrant (registrant.erased), and only those', async () => {
    const { event, host, cohost } = await createCohostedEvent(api);
    const person = await registerThroughApi(api, event, { email: 'swept@example.org', name: 'Swept Away' });
    const endpoint = async (partnerId: string) => {
      const [{ id }] = await sql<{ id: string }>(
        api,
        `INSERT INTO webhook_endpoints (partner_id, url, event_types, secret_enc)
         VALUES ($1, 'https://crm.example/hook', ARRAY['registration.created', 'registrant.erased'], 'x') RETURNING id`,
        [partnerId],
      );
      return id;
    };
    const hostEndpoint = await endpoint(host.id);
    const cohostEndpoint = await endpoint(cohost.id);
    // The host's endpoint was sent the person's details; the co-host's only the registration's id.
    const registration = (registrant?: object) =>
      JSON.stringify({ type: 'registration.created', data: { registration: { id: person.id, registrant } } });
    await sql(
      api,
      `INSERT INTO webhook_messages (endpoint_id, msg_id, type, payload, status)
       VALUES ($1, 'msg_h_' || $5, 'registration.created', $2, 'delivered'),
              ($3, 'msg_c_' || $5, 'registration.created', $4, 'delivered')`,
      [
        hostEndpoint,
        registration({ name: 'Swept Away', email: 'swept@example.org' }),
        cohostEndpoint,
        registration(),
        person.id,
      ],
    );
    await sql(
      api,
      `UPDATE events SET starts_at = now() - interval '400 days', ends_at = now() - interval '400 days' + interval '1 hour'
        WHERE id = $1`,
      [event.id],
    );

    const result = await sweep();
    expect(result.webhooksNotified).toBe(1);
    const erased = await sql<{ endpoint_id: string; payload: { data: Record<string, unknown> } }>(
      api,
      `SELECT endpoint_id, payload FROM webhook_messages WHERE type = 'registrant.erased' AND endpoint_id = ANY($1)`,
      [[hostEndpoint, cohostEndpoint]],
    );
    expect(erased).toEqual([
      { endpoint_id: hostEndpoint, payload: expect.objectContaining({ type: 'registrant.erased' }) },
    ]);
    expect(erased[0].payload.data).toEqual({ registrationId: person.id, eventId: event.id });
    // The stored payloads no longer hold the person.
    const stored = await sql(api, `SELECT payload FROM webhook_messages WHERE endpoint_id = ANY($1)`, [
      [hostEndpoint, cohostEndpoint],
    ]);
    expect(JSON.stringify(stored)).not.toMatch(/swept@|Swept Away/);
    // Once anonymized, nobody is told again.
    expect((await sweep()).webhooksNotified).toBe(0);
  });

  it('records who viewed or exported registrants (with a co-host agreement), erased whom, changed agreements', async () => {
    const { event, hostOrganizer, cohostOrganizer, host, cohost } = await createCohostedEvent(api);
    const person = await registerThroughApi(api, event, { email: 'audited@example.org' });
    await api.http
      .get(`/api/v1/events/${event.id}/registrations`)
      .set({ ...hostOrganizer.headers, Accept: 'text/csv' })
      .expect(200);
    await api.http.get(`/api/v1/events/${event.id}/registrations`).set(cohostOrganizer.headers).expect(200);
    await api.http.post('/api/v1/erasures').set(api.admin).send({ email: 'audited@example.org' }).expect(200);
    const [agreement] = (await api.http.get('/api/v1/agreements').set(api.admin).expect(200)).body.filter(
      (a: { partners: Array<{ slug: string }> }) => a.partners.some((p) => p.slug === cohost.slug),
    );
    await api.http
      .post(`/api/v1/agreements/${agreement.id}/terminate`)
      .set(api.admin)
      .send({ terminatedOn: '2099-01-01' })
      .expect(200);

    await api.http.get('/api/v1/audit').set(hostOrganizer.headers).expect(403);
    await api.http.get('/api/v1/audit?limit=0').set(api.admin).expect(400);
    const forEvent = (await api.http.get(`/api/v1/audit?eventId=${event.id}`).set(api.admin).expect(200)).body;
    expect(forEvent).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'registrants.export',
          actorKind: 'organizer',
          actorId: hostOrganizer.id,
          partnerId: host.id,
          agreementId: null,
        }),
        expect.objectContaining({
          action: 'registrants.view',
          actorKind: 'organizer',
          partnerId: cohost.id,
          agreementId: agreement.id,
        }),
      ]),
    );
    const erasures = (await api.http.get('/api/v1/audit?action=erasure').set(api.admin).expect(200)).body;
    expect(erasures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actorKind: 'token',
          detail: expect.objectContaining({ registrationIds: [person.id] }),
        }),
      ]),
    );
    expect(JSON.stringify(erasures)).not.toContain('audited@example.org');
    // Filtered by actor (a kind, or an id such as the organizer's), paged with offset.
    const byOrganizer = (await api.http.get(`/api/v1/audit?actor=${hostOrganizer.id}`).set(api.admin).expect(200))
      .body as Array<{ actorId: string; action: string }>;
    expect(byOrganizer.map((e) => [e.actorId, e.action])).toEqual([[hostOrganizer.id, 'registrants.export']]);
    const tokens = (await api.http.get('/api/v1/audit?actor=token&limit=2').set(api.admin).expect(200)).body;
    expect(tokens.every((e: { actorKind: string }) => e.actorKind === 'token')).toBe(true);
    const next = (await api.http.get('/api/v1/audit?actor=token&limit=1&offset=1').set(api.admin).expect(200)).body;
    expect(next[0].id).toBe(tokens[1].id);
    await api.http.get('/api/v1/audit?offset=-1').set(api.admin).expect(400);
    await api.http.get('/api/v1/audit?actor=%07').set(api.admin).expect(400);
    const terminations = (await api.http.get('/api/v1/audit?action=agreement.terminate').set(api.admin).expect(200))
      .body;
    expect(terminations).toEqual(
      expect.arrayContaining([expect.objectContaining({ agreementId: agreement.id, actorKind: 'token' })]),
    );

    // Entries older than AUDIT_RETENTION_DAYS go with the sweep.
    await sql(api, `UPDATE audit_log SET at = now() - interval '731 days' WHERE action = 'agreement.terminate'`);
    expect((await sweep()).auditEntries).toBeGreaterThanOrEqual(1);
    expect(await sql(api, `SELECT 1 FROM audit_log WHERE action = 'agreement.terminate'`)).toHaveLength(0);
  });

  it('the worker schedules the sweep hourly (one BullMQ job scheduler)', async () => {
    let worker: INestApplicationContext | undefined;
    try {
      worker = await startWorker(api, {});
      const scheduler = await worker.get(JobQueues).queue('maintenance').getJobScheduler('privacy-sweep');
      expect(scheduler).toMatchObject({ name: 'privacy-sweep', every: PRIVACY_SWEEP_EVERY_MS });
    } finally {
      await worker?.close();
    }
  });
});
