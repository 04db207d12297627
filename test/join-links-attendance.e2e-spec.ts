import { mintJoinToken } from '@cohost/database';
import { unique } from '@cohost/testing';
import { INestApplicationContext } from '@nestjs/common';
import type { SendFollowupDto } from '../apps/api/src/attendance/dto/attendance.dto';
import type { UpdateEventDto } from '../apps/api/src/events/dto/event-input.dto';
import { calendarOf, eventRow, linkIn, mailsTo, registerThroughApi, settled, visibleText } from './support/acceptance';
import { ApiHarness, dataSourceOf, startApi, startVariant } from './support/api-harness';
import { createCohostedEvent, sql } from './support/events';
import { eventually, startSmtpServer, TestSmtpServer } from './support/mail-server';
import { startWorker } from './support/notify-fixtures';
import { UNTHROTTLED } from './support/registrations';

/**
 * Issue 14's personal join links, attendance and follow-ups end to end: the
 * real API, the production worker in process, a real SMTP server, messages
 * read back with mailparser and node-ical.
 */
describe('personal join links, attendance and follow-up', () => {
  let api: ApiHarness;
  let smtp: TestSmtpServer;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    api = await startApi(UNTHROTTLED);
    smtp = await startSmtpServer();
    worker = await startWorker(api, { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '200' });
  });
  afterAll(async () => {
    await worker?.close();
    await smtp?.close();
    await api?.close();
  });

  const JOIN_LINK = /https:\/\/cohost\.example\/j\/[A-Za-z0-9_-]{40,}/;
  const meeting = () => `https://meet.example.org/j/${unique('room')}`;
  const open = (link: URL) => api.http.get(link.pathname).set('Accept-Language', 'en').redirects(0);

  /** Moves the event to start `startMin` minutes from now and last `lengthMin` (negative: in the past). */
  async function moveEvent(eventId: string, startMin: number, lengthMin = 60): Promise<void> {
    await sql(
      api,
      `UPDATE events SET starts_at = now() + make_interval(mins => $2), ends_at = now() + make_interval(mins => $3),
              registration_closes_at = NULL
        WHERE id = $1`,
      [eventId, startMin, startMin + lengthMin],
    );
  }

  it('the personal link replaces the meeting URL and leads there only during the window, following URL changes silently', async () => {
    const first = meeting();
    const { event, hostOrganizer } = await createCohostedEvent(api, {
      event: { capacity: 1, waitlist: true, joinUrl: first },
    });
    const a = await registerThroughApi(api, event, { locale: 'en', timezone: 'America/New_York' });
    const w = await registerThroughApi(api, event, { locale: 'en' });
    expect([a.status, w.status]).toEqual(['confirmed', 'waitlisted']);
    await settled(api, event.id);

    const [confirmation] = await mailsTo(smtp, a.email);
    const link = linkIn(confirmation, JOIN_LINK);
    expect(visibleText(confirmation)).not.toContain(first);
    const calendar = calendarOf(confirmation)!;
    expect(calendar.lines.find((l) => l.startsWith('LOCATION'))).toBe(`LOCATION:${link.href}`);
    expect(calendar.lines.join('\n')).toContain(link.href);
    // Only a hash is stored.
    const [stored] = await sql<{ n: number }>(
      api,
      `SELECT count(*)::int AS n FROM registration_join_tokens WHERE registration_id = $1 AND token_hash = sha256($2::bytea)`,
      [a.id, Buffer.from(link.pathname.slice(3))],
    );
    expect(stored.n).toBe(1);
    const [waitMail] = await mailsTo(smtp, w.email);
    expect(waitMail.text).not.toMatch(JOIN_LINK);

    // Before the window: a page with the time and calendar links, never the meeting URL.
    const before = await open(link).expect(200);
    expect(before.text).toContain('The webinar has not started yet');
    expect(before.text).toContain('calendar.google.com');
    expect(before.text).not.toContain(first);
    // One calendar entry per person (the registrant got the emailed invitation): the page leads with
    // the invitation and the .ics of the same UID; Google and Outlook only as a copy, said to be one.
    const section = /<section class="calendar"[\s\S]*?<\/section>/.exec(before.text)?.[0] ?? '';
    expect(section).toContain('Your confirmation email is also a calendar invitation');
    const copy = /<div class="calendar-copy"[\s\S]*?<\/div>/.exec(section)?.[0] ?? '';
    expect(copy).toContain('Copy to a web calendar');
    expect(copy).toContain('it is not updated if the time changes or the webinar is cancelled');
    expect(copy).toContain('https://calendar.google.com/');
    expect(copy).toContain('https://outlook.live.com/');
    const ics = /<a class="button" href="([^"]+)" download>/.exec(section)?.[1] ?? '';
    expect(ics).toMatch(/\/calendar\.ics\?lang=en$/);
    expect(section.indexOf(ics)).toBeLessThan(section.indexOf('https://calendar.google.com/'));
    expect(section.indexOf('Your confirmation email')).toBeLessThan(section.indexOf(ics));
    const icsFile = await api.http.get(new URL(ics, 'https://cohost.example').pathname).expect(200);
    expect(/^UID:(.+)$/m.exec(icsFile.text)?.[1].trim()).toBe(
      calendar.lines.find((l) => l.startsWith('UID:'))!.slice(4),
    );

    // A new meeting URL: no sequence bump, no email, the link stays the same.
    const sequence = (await eventRow(api, event.id)).sequence;
    const second = meeting();
    await api.http
      .patch(`/api/v1/events/${event.id}`)
      .set(hostOrganizer.headers)
      .send({ joinUrl: second } satisfies UpdateEventDto)
      .expect(200);
    expect((await eventRow(api, event.id)).sequence).toBe(sequence);
    const [updates] = await sql<{ n: number }>(
      api,
      `SELECT count(*)::int AS n FROM notifications WHERE event_id = $1 AND kind = 'event.updated'`,
      [event.id],
    );
    expect(updates.n).toBe(0);

    // During the window (15 minutes before the start): 303 to the current URL; the first opening is recorded.
    await moveEvent(event.id, 10);
    const during = await open(link).expect(303);
    expect(during.headers.location).toBe(second);
    const [joined] = await sql<{ joined_at: Date; attended: boolean }>(
      api,
      'SELECT joined_at, attended FROM registrations WHERE id = $1',
      [a.id],
    );
    expect(joined.attended).toBe(true);
    expect(joined.joined_at).toBeInstanceOf(Date);
    await open(link).expect(303);
    const [again] = await sql<{ joined_at: Date }>(api, 'SELECT joined_at FROM registrations WHERE id = $1', [a.id]);
    expect(again.joined_at).toEqual(joined.joined_at);

    // A waitlisted registration's link (minted here: its emails carry none) never leads to the meeting.
    const waitToken = await mintJoinToken(dataSourceOf(api).manager, w.id);
    const waiting = await open(new URL(`https://cohost.example/j/${waitToken}`)).expect(200);
    expect(waiting.text).toContain('You are on the waitlist');
    expect(waiting.text).not.toContain(second);

    // After the end: a page saying so.
    await moveEvent(event.id, -90);
    const after = await open(link).expect(200);
    expect(after.text).toContain('This webinar has ended');
    expect(after.text).not.toContain(second);

    // Unknown token: 404.
    await open(new URL(`https://cohost.example/j/${'A'.repeat(43)}`)).expect(404);

    // Cancelled registration, even during the window: a page saying so.
    await moveEvent(event.id, 5);
    await api.http
      .post(`/api/v1/events/${event.id}/registrations/${a.id}/cancel`)
      .set(hostOrganizer.headers)
      .expect(200);
    const cancelled = await open(link).expect(200);
    expect(cancelled.text).toContain('Your registration is cancelled');
    expect(cancelled.text).not.toContain(second);
    // Neither the job data nor the stored rows hold the meeting URL.
    const rows = await sql<{ data: unknown }>(api, 'SELECT data FROM notifications WHERE event_id = $1', [event.id]);
    expect(JSON.stringify(rows)).not.toContain('meet.example.org');
  });

  it('limits openings of join links per IP, known or unknown tokens alike', async () => {
    // Counters of its own (a queue prefix of its own): the other tests' openings do not count here.
    const limited = await startVariant(api, { RATE_LIMIT_JOIN_PAGE_PER_MIN: '3', QUEUE_PREFIX: unique('joinlimit') });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await limited.http.get(`/j/${'B'.repeat(43)}`).redirects(0)).status);
      }
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('lets a co-host mark and import only registrants who consented to share (no probing who registered)', async () => {
    const { event, cohostOrganizer } = await createCohostedEvent(api, { event: { joinUrl: meeting() } });
    const shared = await registerThroughApi(api, event, { consent: { shareWithCohosts: true } });
    const hidden = await registerThroughApi(api, event, { consent: { shareWithCohosts: false } });
    const report = `Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\r\nA,${shared.email},1,2,3\r\nB,${hidden.email},1,2,3`;
    const res = await api.http
      .post(`/api/v1/events/${event.id}/attendance`)
      .set(cohostOrganizer.headers)
      .set('Content-Type', 'text/csv')
      .send(report)
      .expect(200);
    expect(res.body).toMatchObject({ marked: 1, unmatched: [hidden.email] });
    await api.http
      .patch(`/api/v1/events/${event.id}/registrations/${hidden.id}`)
      .set(cohostOrganizer.headers)
      .send({ attended: true })
      .expect(404);
    const rows = await sql<{ id: string; attended: boolean }>(
      api,
      'SELECT id, attended FROM registrations WHERE event_id = $1',
      [event.id],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.attended]))).toEqual({ [shared.id]: true, [hidden.id]: false });
  });

  it('takes the report or a list of addresses as JSON too, and refuses other bodies with a 400', async () => {
    const { event, hostOrganizer } = await createCohostedEvent(api, { event: { joinUrl: meeting() } });
    const a = await registerThroughApi(api, event);
    const b = await registerThroughApi(api, event);
    const post = (body: unknown) =>
      api.http
        .post(`/api/v1/events/${event.id}/attendance`)
        .set(hostOrganizer.headers)
        .send(body as object);
    const report = `Name\tFirst join\tLast Leave\tIn-Meeting Duration\tEmail\tRole\nA\t1\t2\t3\t${a.email}\tAttendee`;
    expect((await post({ report }).expect(200)).body).toMatchObject({ format: 'teams', marked: 1 });
    const listed = await post({ emails: [` ${b.email.toUpperCase()} `, 'not an address'] }).expect(200);
    expect(listed.body).toMatchObject({ format: 'list', marked: 1, rejected: [{ line: 2 }] });
    for (const bad of [{}, { emails: 'x' }, { report: 5 }, { report: report, emails: [] }, { emails: [1] }]) {
      const res = await post(bad);
      expect([bad, res.status]).toEqual([bad, 400]);
    }
    const noColumn = await post({ report: 'Name\tFirst Join\tLast Leave\tIn-Meeting Duration\nA\t1\t2\t3' });
    expect(noColumn.status).toBe(400);
    expect(noColumn.body.message).toContain('"Email"');
  });

  it('keeps the recording link for organizers until they make it public (PATCH), https only', async () => {
    const { event, hostOrganizer } = await createCohostedEvent(api, { event: { joinUrl: meeting() } });
    const patch = (body: UpdateEventDto) =>
      api.http.patch(`/api/v1/events/${event.id}`).set(hostOrganizer.headers).send(body);
    const recording = 'https://video.example.org/rec/9';
    expect((await patch({ recordingUrl: recording }).expect(200)).body).toMatchObject({
      recordingUrl: recording,
      recordingPublic: false,
      sequence: event.sequence,
    });
    const hidden = await api.http.get(`/api/v1/events/${event.id}`).expect(200);
    expect(hidden.body).not.toHaveProperty('recordingUrl');
    expect((await api.http.get(`/events/${event.slug}`).expect(200)).text).not.toContain(recording);
    await patch({ recordingPublic: true }).expect(200);
    expect((await api.http.get(`/api/v1/events/${event.id}`).expect(200)).body.recordingUrl).toBe(recording);
    expect((await api.http.get(`/events/${event.slug}`).expect(200)).text).toContain(recording);
    for (const bad of ['http://video.example.org/1', 'javascript:alert(1)', 'not a url']) {
      expect([bad, (await patch({ recordingUrl: bad })).status]).toEqual([bad, 400]);
    }
    await patch({ recordingUrl: null }).expect(200);
    expect((await api.http.get(`/api/v1/events/${event.id}`).expect(200)).body).not.toHaveProperty('recordingUrl');
  });

  it('documents the attendance, follow-up and PATCH routes in OpenAPI, the import as text/csv or JSON', async () => {
    const doc = (await api.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    };
    expect(Object.keys(doc.paths['/api/v1/events/{id}/attendance'].post.requestBody!.content).sort()).toEqual([
      'application/json',
      'text/csv',
    ]);
    expect(doc.paths['/api/v1/events/{id}/followup'].post).toBeDefined();
    expect(doc.paths['/api/v1/events/{id}/registrations/{registrationId}'].patch).toBeDefined();
  });

  it('Zoom and Teams reports mark the right registrants; follow-ups go once, with their own texts', async () => {
    const { event, hostOrganizer } = await createCohostedEvent(api, { event: { joinUrl: meeting() } });
    const email = (name: string) => `${unique(name)}@example.org`;
    const [ann, bo, cy, dan] = await Promise.all(
      ['ann', 'bo', 'cy', 'dan'].map((n) =>
        registerThroughApi(api, event, { email: email(n), locale: n === 'bo' ? 'ja' : 'en' }),
      ),
    );
    await settled(api, event.id);
    const post = (body: string | Buffer, type: string) =>
      api.http
        .post(`/api/v1/events/${event.id}/attendance`)
        .set(hostOrganizer.headers)
        .set('Content-Type', type)
        .send(body);

    const zoom = [
      'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest',
      `Ann,${ann.email.toUpperCase()},05/20/2027 05:58:01 PM,05/20/2027 07:01:12 PM,64,No`,
      `Stranger,stranger@example.org,05/20/2027 06:00:00 PM,05/20/2027 06:10:00 PM,10,Yes`,
    ].join('\r\n');
    const zoomResult = await post(zoom, 'text/csv').expect(200);
    expect(zoomResult.body).toMatchObject({ format: 'zoom', marked: 1, unmatched: ['stranger@example.org'] });

    const teams = [
      '1. Summary',
      'Meeting title\tLife Science',
      '',
      '2. Participants',
      'Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole',
      `Bo\t5/20/27, 5:58:00 PM\t5/20/27, 7:00:00 PM\t1h 2m\t\t${bo.email}\tAttendee`,
    ].join('\r\n');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(teams, 'utf16le')]);
    expect((await post(utf16, 'text/csv').expect(200)).body).toMatchObject({ format: 'teams', marked: 1 });

    const missing = await post('Name (Original Name),Join Time,Leave Time,Duration (Minutes)\r\nX,1,2,3', 'text/csv');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'ATTENDANCE_COLUMN_MISSING' });
    expect(missing.body.message).toContain('"User Email"');
    expect((await post('just,some\r\ncsv,file', 'text/csv')).status).toBe(400);

    await api.http
      .patch(`/api/v1/events/${event.id}/registrations/${cy.id}`)
      .set(hostOrganizer.headers)
      .send({ attended: true })
      .expect(200);
    const list = await api.http.get(`/api/v1/events/${event.id}/registrations`).set(hostOrganizer.headers).expect(200);
    const attended = Object.fromEntries(
      (list.body.items as Array<{ email: string; attended: boolean }>).map((i) => [i.email, i.attended]),
    );
    expect(attended).toEqual({ [ann.email]: true, [bo.email]: true, [cy.email]: true, [dan.email]: false });

    const followup = {
      attendeeText: { en: 'Thanks for coming!', ja: 'ご参加ありがとうございました' },
      noShowText: { en: 'Sorry we missed you.', ja: 'またの機会に' },
      recordingUrl: 'https://video.example.org/rec/1',
      surveyUrl: 'https://forms.example.org/s/1',
      publishRecording: true,
    } satisfies SendFollowupDto;
    const send = () => api.http.post(`/api/v1/events/${event.id}/followup`).set(hostOrganizer.headers).send(followup);
    expect((await send()).status).toBe(422);
    // Links are https only; each text needs a language; nothing is stored or sent for a refused body.
    for (const bad of [
      { surveyUrl: 'http://forms.example.org/s/1' },
      { recordingUrl: 'javascript:alert(1)' },
      { recordingUrl: 'ftp://video.example.org/rec' },
      { recordingUrl: 'https://video.example.org/\r\nrec' },
      { attendeeText: {} },
      { noShowText: { en: '' } },
      { attendeeText: 'Thanks' },
      { publishRecording: 'yes' },
    ]) {
      const res = await api.http
        .post(`/api/v1/events/${event.id}/followup`)
        .set(hostOrganizer.headers)
        .send({ ...followup, ...bad });
      expect([bad, res.status]).toEqual([bad, 400]);
    }
    await moveEvent(event.id, -120);
    expect((await send().expect(201)).body).toEqual({ attendees: 3, noShows: 1 });
    expect((await send()).status).toBe(409);
    await settled(api, event.id);

    for (const [who, text] of [
      [ann, 'Thanks for coming!'],
      [bo, 'ご参加ありがとうございました'],
      [cy, 'Thanks for coming!'],
      [dan, 'Sorry we missed you.'],
    ] as const) {
      await eventually(async () => (await mailsTo(smtp, who.email)).length === 2);
      const followups = (await mailsTo(smtp, who.email)).slice(1);
      expect(followups).toHaveLength(1);
      expect(followups[0].text).toContain(text);
      expect(followups[0].text).toContain('https://video.example.org/rec/1');
      expect(followups[0].text).toContain('https://forms.example.org/s/1');
      expect(followups[0].text).not.toMatch(JOIN_LINK);
    }
    expect((await mailsTo(smtp, dan.email))[1].text).not.toContain('Thanks for coming!');

    // The recording shows on the public page once published, and on the personal link's "ended" page.
    const page = await api.http.get(`/events/${event.slug}`).set('Accept-Language', 'en').expect(200);
    expect(page.text).toContain('https://video.example.org/rec/1');
    const link = linkIn((await mailsTo(smtp, ann.email))[0], JOIN_LINK);
    const ended = await open(link).expect(200);
    expect(ended.text).toContain('This webinar has ended');
    expect(ended.text).toContain('https://video.example.org/rec/1');
  });
});
