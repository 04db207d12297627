import * as nodeIcal from 'node-ical';
import { unique } from '@cohost/testing';
import { ApiHarness, startApi } from './support/api-harness';
import { getCalendar } from './support/calendar-feed';
import { createOrganizer, createPartner } from './support/factories';
import { createCohostedEvent, createEvent, NEXT_YEAR, publishEvent } from './support/events';
import { assertBuilt, BUILT, freePort, run } from './support/processes';

interface ParsedEvent {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  status?: string;
}

/** node-ical: a parser independent of the one that wrote the file. */
function parse(text: string): { method?: string; events: ParsedEvent[] } {
  const data = nodeIcal.sync.parseICS(text);
  let method: string | undefined;
  const events: ParsedEvent[] = [];
  for (const component of Object.values(data)) {
    if (!component) continue;
    const c = component as unknown as Record<string, unknown>;
    if (c.type === 'VCALENDAR') method = c.method as string | undefined;
    if (c.type === 'VEVENT') {
      const summary = c.summary as string | { val: string };
      events.push({
        uid: String(c.uid),
        sequence: Number(c.sequence),
        start: new Date(c.start as Date),
        end: new Date(c.end as Date),
        summary: typeof summary === 'string' ? summary : summary.val,
        status: c.status as string | undefined,
      });
    }
  }
  return { method, events };
}

/**
 * The built api in a child process with another `TZ` (jest cannot change the
 * zone of its own process), on the same database; returns the file it serves.
 */
async function icsFromProcess(databaseUrl: string, zone: string, path: string): Promise<string> {
  const port = await freePort();
  const proc = run(BUILT.api, [], {
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: unique('tz'),
    LOG_LEVEL: 'info',
    PORT: String(port),
    HOST: '127.0.0.1',
    TZ: zone,
  });
  try {
    await proc.waitFor(/listening on/);
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    expect(res.status).toBe(200);
    return await res.text();
  } finally {
    proc.child.kill('SIGTERM');
    await proc.exited;
  }
}

describe('public calendars (METHOD:PUBLISH)', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const ics = (path: string, headers: Record<string, string> = {}) => getCalendar(api, path, headers);

  it('gives the same instants whatever the process TZ, with a stable UID and the event sequence', async () => {
    assertBuilt();
    const { event, hostOrganizer } = await createCohostedEvent(api, {
      event: { startsAt: `${NEXT_YEAR}-03-28T09:30:00+09:00`, endsAt: `${NEXT_YEAR}-03-28T11:00:00+09:00` },
    });
    const path = `/api/v1/events/${event.id}/calendar.ics`;
    const [utc, newYork] = await Promise.all(
      ['UTC', 'America/New_York'].map((zone) => icsFromProcess(api.config.database.url, zone, path)),
    );
    expect(newYork).toBe(utc);
    const inProcess = await ics(path).expect(200);
    expect(inProcess.headers['content-type']).toMatch(/^text\/calendar; charset=utf-8/);
    for (const text of [utc, newYork]) {
      const parsed = parse(text);
      expect(parsed.method).toBe('PUBLISH');
      expect(parsed.events).toEqual([
        expect.objectContaining({
          uid: `${event.id}@cohost`,
          sequence: 0,
          start: new Date(`${NEXT_YEAR}-03-28T00:30:00Z`),
          end: new Date(`${NEXT_YEAR}-03-28T02:00:00Z`),
          summary: 'Life Science Symposium',
        }),
      ]);
      expect(text).not.toContain('meet.example.org');
      expect(text).not.toMatch(/^(ORGANIZER|ATTENDEE)/m);
    }

    // A reschedule shows in the file with the new sequence, under the same UID.
    await api.http
      .patch(`/api/v1/events/${event.id}`)
      .set(hostOrganizer.headers)
      .send({ startsAt: `${NEXT_YEAR}-03-29T09:30:00+09:00`, endsAt: `${NEXT_YEAR}-03-29T11:00:00+09:00` })
      .expect(200);
    const moved = parse((await ics(path).expect(200)).body as string).events[0];
    expect(moved).toMatchObject({
      uid: `${event.id}@cohost`,
      sequence: 1,
      start: new Date(`${NEXT_YEAR}-03-29T00:30:00Z`),
    });
  });

  it('round-trips a title with commas, semicolons, backslashes, CR/LF and Japanese exactly, in the asked language', async () => {
    const organizer = await createOrganizer(api, await createPartner(api));
    const en = 'Forum, Q&A; C:\\temp\\ \r\nEND:VEVENT\r\nBEGIN:VEVENT';
    const ja = '日本語のタイトル、「再生医療」; テスト\\まとめ\r\n二行目';
    const draft = await createEvent(api, organizer, { title: { en, ja } });
    const event = await publishEvent(api, organizer, draft.id);
    expect(event.title).toEqual({ en: en.replace(/\r\n/g, '\n'), ja: ja.replace(/\r\n/g, '\n') });
    const path = `/api/v1/events/${event.slug}/calendar.ics`;

    const english = parse((await ics(path, { 'Accept-Language': 'en-GB,en;q=0.9' }).expect(200)).body as string);
    expect(english.events).toHaveLength(1);
    expect(english.events[0].summary).toBe(event.title.en);
    expect(english.events[0].summary).toBe('Forum, Q&A; C:\\temp\\ \nEND:VEVENT\nBEGIN:VEVENT');
    const japanese = parse((await ics(path, { 'Accept-Language': 'ja,en;q=0.5' }).expect(200)).body as string);
    expect(japanese.events[0].summary).toBe(event.title.ja);
    const forced = parse((await ics(`${path}?lang=en`, { 'Accept-Language': 'ja' }).expect(200)).body as string);
    expect(forced.events[0].summary).toBe(event.title.en);
    await ics(`${path}?lang=de`).expect(400);
  });

  it('answers 404 for drafts and unknown events, and 304 for an unchanged file', async () => {
    const organizer = await createOrganizer(api, await createPartner(api));
    const draft = await createEvent(api, organizer);
    await api.http.get(`/api/v1/events/${draft.id}/calendar.ics`).expect(404);
    await api.http.get(`/api/v1/events/${draft.id}/calendar.ics`).set(organizer.headers).expect(404);
    await api.http.get('/api/v1/events/nope/calendar.ics').expect(404);
    await publishEvent(api, organizer, draft.id);
    const first = await ics(`/api/v1/events/${draft.id}/calendar.ics`).expect(200);
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    await api.http.get(`/api/v1/events/${draft.id}/calendar.ics`).set('If-None-Match', etag).expect(304);
  });

  it('feeds a partner\u2019s hosted and co-hosted public events, cancelled ones as CANCELLED, without drafts or invite-only', async () => {
    const { event: cohosted, cohost, host, hostOrganizer } = await createCohostedEvent(api);
    const cohostOrganizer = await createOrganizer(api, cohost);
    const hosted = await publishEvent(
      api,
      cohostOrganizer,
      (await createEvent(api, cohostOrganizer, { title: { en: 'Embassy talk' } })).id,
    );
    await createEvent(api, cohostOrganizer, { title: { en: 'Draft' } });
    const hidden = await createEvent(api, cohostOrganizer, { title: { en: 'Invite only' }, visibility: 'invite_only' });
    await publishEvent(api, cohostOrganizer, hidden.id);
    const gone = await publishEvent(api, hostOrganizer, (await createEvent(api, hostOrganizer)).id);
    await api.http.post(`/api/v1/events/${gone.id}/cancel`).set(hostOrganizer.headers).expect(200);

    const res = await ics(`/api/v1/partners/${cohost.slug}/calendar.ics?lang=en`).expect(200);
    const parsed = parse(res.body as string);
    expect(parsed.method).toBe('PUBLISH');
    expect(parsed.events.map((e) => e.uid).sort()).toEqual([`${cohosted.id}@cohost`, `${hosted.id}@cohost`].sort());
    expect(res.body).not.toContain('meet.example.org');

    const hostFeed = parse((await ics(`/api/v1/partners/${host.slug}/calendar.ics`).expect(200)).body as string);
    expect(hostFeed.events.find((e) => e.uid === `${gone.id}@cohost`)).toMatchObject({
      status: 'CANCELLED',
      sequence: 1,
    });
    await api.http.get('/api/v1/partners/no-such-partner/calendar.ics').expect(404);
  });

  it('lists every events route in the OpenAPI document', async () => {
    const doc = await api.http.get('/docs-json').expect(200);
    const paths = Object.keys(doc.body.paths);
    for (const path of [
      '/api/v1/events',
      '/api/v1/events/{idOrSlug}',
      '/api/v1/events/{id}',
      '/api/v1/events/{id}/publish',
      '/api/v1/events/{id}/cancel',
      '/api/v1/events/{id}/cohosts',
      '/api/v1/events/{id}/cohosts/{slug}/accept',
      '/api/v1/events/{id}/cohosts/{slug}/decline',
      '/api/v1/events/{id}/cohosts/{slug}',
      '/api/v1/events/{id}/calendar.ics',
      '/api/v1/partners/{slug}/calendar.ics',
    ]) {
      expect(paths).toContain(path);
    }
  });
});
