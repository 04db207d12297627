import * as nodeIcal from 'node-ical';
import { ApiHarness, startApi } from './support/api-harness';
import { getCalendar } from './support/calendar-feed';
import { createCohostedEvent } from './support/events';

interface FeedEntry {
  uid: string;
  summary: string;
  url?: string;
  description: string;
}

/** node-ical, a parser independent of the one that wrote the file. */
function entries(text: string): FeedEntry[] {
  const text1 = (value: unknown) =>
    typeof value === 'string' ? value : ((value as { val?: string } | undefined)?.val ?? '');
  return Object.values(nodeIcal.sync.parseICS(text))
    .filter((c) => c?.type === 'VEVENT')
    .map((c) => {
      const e = c as unknown as Record<string, unknown>;
      return {
        uid: String(e.uid),
        summary: text1(e.summary),
        url: e.url === undefined ? undefined : text1(e.url),
        description: text1(e.description),
      };
    });
}

/**
 * The public calendar feeds as the pages link them: in the page's language
 * (calendar services send neither cookies nor Accept-Language, so the link
 * carries `?lang=`), defaulting like the pages, and each entry linking back
 * to the event page.
 */
describe('calendar feeds linked from the pages', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_REGISTER_PER_MIN: '1000' });
  });
  afterAll(() => api.close());

  const feed = (path: string, headers: Record<string, string> = {}) => getCalendar(api, path, headers);

  it('answers a link taken from a Japanese page in Japanese and from an English page in English', async () => {
    const { event, cohost } = await createCohostedEvent(api);
    for (const lang of ['ja', 'en'] as const) {
      for (const page of [`/events/${event.slug}`, `/partners/${cohost.slug}`]) {
        // A calendar service fetching the link sends no Accept-Language, or another language's.
        const html = (await api.http.get(`${page}?lang=${lang}`).expect(200)).text;
        const href = /href="(?:https?:\/\/[^/"]+)?(\/api\/v1\/[^"]*calendar\.ics[^"]*)"/.exec(html)?.[1];
        expect(href).toBeDefined();
        const res = await feed(href!.replace(/&amp;/g, '&'), { 'Accept-Language': lang === 'ja' ? 'en' : 'ja' });
        expect(res.status).toBe(200);
        const entry = entries(res.body as string).find((e) => e.uid === `${event.id}@cohost`);
        expect(entry?.summary).toBe(event.title[lang]);
      }
    }
  });

  it('defaults the language as the pages do: ?lang=, then the lang cookie, then Accept-Language, else Japanese', async () => {
    const { event } = await createCohostedEvent(api);
    const path = `/api/v1/events/${event.slug}/calendar.ics`;
    const summary = async (url: string, headers: Record<string, string> = {}) =>
      entries((await feed(url, headers).expect(200)).body as string)[0].summary;
    expect(await summary(path)).toBe(event.title.ja);
    expect(await summary(path, { 'Accept-Language': 'en-GB,en;q=0.9' })).toBe(event.title.en);
    expect(await summary(path, { 'Accept-Language': 'en', Cookie: 'lang=ja' })).toBe(event.title.ja);
    expect(await summary(`${path}?lang=en`, { 'Accept-Language': 'ja', Cookie: 'lang=ja' })).toBe(event.title.en);
    const res = await feed(path).expect(200);
    expect(String(res.headers.vary)).toMatch(/Accept-Language/i);
    expect(String(res.headers.vary)).toMatch(/Cookie/i);
  });

  it('gives every entry a URL and a DESCRIPTION link to the event page, in the feed language', async () => {
    const { event, cohost } = await createCohostedEvent(api);
    const base = api.config.http.publicBaseUrl;
    for (const lang of ['ja', 'en'] as const) {
      for (const path of [`/api/v1/events/${event.id}/calendar.ics`, `/api/v1/partners/${cohost.slug}/calendar.ics`]) {
        const entry = entries((await feed(`${path}?lang=${lang}`).expect(200)).body as string).find(
          (e) => e.uid === `${event.id}@cohost`,
        );
        const page = `${base}/events/${event.slug}?lang=${lang}`;
        expect(entry?.url).toBe(page);
        expect(entry?.description).toContain(page);
      }
    }
    // The link leads to the page in that language.
    const page = await api.http.get(`/events/${event.slug}?lang=en`).expect(200);
    expect(page.text).toContain('<html lang="en">');
  });
});
