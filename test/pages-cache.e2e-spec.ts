import { LANG_COOKIE } from '@cohost/domain';
import { SEATS_LAG_MS } from '../apps/api/src/pages/cache/page-cache';
import { TZ_COOKIE } from '../apps/api/src/pages/page-locale';
import { ApiHarness, startApi, startVariant } from './support/api-harness';
import { createCohostedEvent, CohostedEvent, futureSpan } from './support/events';
import { openForm, postForm, registerFields } from './support/pages';
import { registrationBody, UNTHROTTLED } from './support/registrations';

/**
 * The public pages' caches (PageCache) as visitors see them, with two api
 * instances on one database (two processes in production, each with its own
 * cache): what one api changes shows on the other's pages at once (edits,
 * co-hosts, cancellation), seats within the documented lag, and nothing of
 * one visitor (language, zone, CSRF token, typed values) reaches another.
 */
describe('public pages: caches shared by visitors, never their own parts', () => {
  let writer: ApiHarness;
  let reader: Awaited<ReturnType<typeof startVariant>>;

  beforeAll(async () => {
    writer = await startApi(UNTHROTTLED);
    reader = await startVariant(writer, UNTHROTTLED);
  });
  afterAll(async () => {
    await reader?.close();
    await writer?.close();
  });

  const en = { Cookie: `${LANG_COOKIE}=en` };
  const ja = { Cookie: `${LANG_COOKIE}=ja` };
  const page = async (path: string, headers: Record<string, string> = en) => {
    const res = await reader.http.get(path).set(headers);
    expect(res.status).toBe(200);
    return res.text;
  };

  /** Both pages in both languages rendered (and so cached) by the reader. */
  async function warm(scene: CohostedEvent): Promise<void> {
    for (const headers of [en, ja]) {
      await page('/', headers);
      await page(`/events/${scene.event.slug}`, headers);
    }
  }

  it('shows an edited title and time on the other api at once, in both languages', async () => {
    const scene = await createCohostedEvent(writer, { event: { capacity: 40 } });
    await warm(scene);
    expect(await page(`/events/${scene.event.slug}`)).toContain('Life Science Symposium');

    const span = futureSpan(45, 60);
    const res = await writer.http
      .patch(`/api/v1/events/${scene.event.id}`)
      .set(scene.hostOrganizer.headers)
      .send({ title: { en: 'Renamed symposium', ja: '改名シンポジウム' }, ...span });
    expect(res.status).toBe(200);

    const when = new Date(span.startsAt);
    const day = when.toLocaleDateString('en-GB', { timeZone: 'Asia/Tokyo', day: 'numeric', month: 'long' });
    for (const path of ['/', `/events/${scene.event.slug}`]) {
      const english = await page(path, en);
      expect(english).toContain('Renamed symposium');
      expect(english).not.toContain('Life Science Symposium');
      expect(english).toContain(day);
      expect(english).toContain(`datetime="${when.toISOString()}"`);
      const japanese = await page(path, ja);
      expect(japanese).toContain('改名シンポジウム');
      expect(japanese).not.toContain('ライフサイエンス・シンポジウム');
    }
  });

  it('drops a removed co-host from the other api’s pages at once', async () => {
    const scene = await createCohostedEvent(writer, { event: { capacity: 40 } });
    await warm(scene);
    expect(await page(`/events/${scene.event.slug}`)).toContain('Royal Danish Embassy');

    await writer.http
      .delete(`/api/v1/events/${scene.event.id}/cohosts/${scene.cohost.slug}`)
      .set(scene.hostOrganizer.headers)
      .expect(200);

    const eventPage = await page(`/events/${scene.event.slug}`);
    expect(eventPage).not.toContain('Royal Danish Embassy');
    expect(eventPage).not.toContain('Co-hosted with');
    const card = cardOf(await page('/'), scene.event.slug);
    expect(card).toContain('Tokyo Life Science Hub');
    expect(card).not.toContain('Royal Danish Embassy');
  });

  it('shows a cancellation on the other api at once: no form, the listing no longer offers it', async () => {
    const scene = await createCohostedEvent(writer, { event: { capacity: 40 } });
    await warm(scene);
    expect(await page(`/events/${scene.event.slug}`)).toContain('name="_csrf"');

    await writer.http
      .post(`/api/v1/events/${scene.event.id}/cancel`)
      .set(scene.hostOrganizer.headers)
      .send({ reason: 'Speaker ill' })
      .expect(200);

    const eventPage = await page(`/events/${scene.event.slug}`);
    expect(eventPage).toContain('This webinar has been cancelled.');
    expect(eventPage).not.toContain('name="_csrf"');
    expect(cardOf(await page('/'), scene.event.slug)).toBe('');
  });

  it(`shows seats taken on the other api within ${SEATS_LAG_MS} ms`, async () => {
    const scene = await createCohostedEvent(writer, { event: { capacity: 40 } });
    await warm(scene);
    expect(await page(`/events/${scene.event.slug}`)).toContain('40 seats left');

    for (let i = 0; i < 3; i++) {
      await writer.http
        .post(`/api/v1/events/${scene.event.id}/registrations`)
        .send(registrationBody({ locale: 'en' }))
        .expect(201);
    }
    const registered = Date.now();
    let shown: number;
    for (;;) {
      const [eventPage, listing] = [await page(`/events/${scene.event.slug}`), await page('/')];
      if (eventPage.includes('37 seats left') && cardOf(listing, scene.event.slug).includes('37 seats left')) {
        shown = Date.now() - registered;
        break;
      }
      // Until then the old count, never anything else.
      expect(eventPage).toContain('40 seats left');
      expect(Date.now() - registered).toBeLessThan(SEATS_LAG_MS + 1500);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(shown).toBeLessThanOrEqual(SEATS_LAG_MS + 1500);
  });

  it('gives each visitor their own language, zone, CSRF token and typed values around the shared parts', async () => {
    const scene = await createCohostedEvent(writer, { event: { capacity: 40 } });
    const path = `/events/${scene.event.slug}`;
    const tokyo = await openForm(writer, path, { Cookie: `${LANG_COOKIE}=ja; ${TZ_COOKIE}=Asia/Tokyo` });
    const copenhagen = await openForm(writer, path, { Cookie: `${LANG_COOKIE}=en; ${TZ_COOKIE}=Europe/Copenhagen` });
    const tokyoAgain = await openForm(writer, path, { Cookie: `${LANG_COOKIE}=ja; ${TZ_COOKIE}=Asia/Tokyo` });

    // Language and zone: each visitor's own, even right after another visitor's render was cached.
    expect(tokyo.html).toContain('<html lang="ja">');
    expect(copenhagen.html).toContain('<html lang="en">');
    const clock = (zone: string) =>
      new Date(scene.event.startsAt).toLocaleTimeString('en-GB', {
        timeZone: zone,
        hour: '2-digit',
        minute: '2-digit',
      });
    const whenOf = (html: string) => /<p class="event__when">(.*?)<\/p>/.exec(html)?.[1] ?? '';
    expect(clock('Asia/Tokyo')).not.toBe(clock('Europe/Copenhagen'));
    expect(whenOf(tokyo.html)).toContain(clock('Asia/Tokyo'));
    expect(whenOf(copenhagen.html)).toContain(clock('Europe/Copenhagen'));
    expect(whenOf(tokyoAgain.html)).toBe(whenOf(tokyo.html));
    expect(copenhagen.html).toContain('<option selected>Europe/Copenhagen</option>');
    expect(tokyo.html).toContain('<option selected>Asia/Tokyo</option>');

    // CSRF: a token and secret cookie per visitor, never repeated from a cached page.
    const tokens = [tokyo, copenhagen, tokyoAgain].map((s) => s.csrf);
    expect(new Set(tokens).size).toBe(3);
    expect(tokyo.cookie).not.toBe(tokyoAgain.cookie);
    const stolen = await postForm(writer, `${path}/register`, copenhagen, registerFields(tokyo.csrf));
    expect(stolen.status).toBe(403);
    const own = await postForm(writer, `${path}/register`, copenhagen, registerFields(copenhagen.csrf));
    expect(own.status).toBe(201);

    // Typed values of a refused post come back to that visitor only.
    const refused = await postForm(
      writer,
      `${path}/register`,
      tokyo,
      registerFields(tokyo.csrf, { name: 'Private Name 42', email: 'not-an-address' }),
    );
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Private Name 42');
    const next = await openForm(writer, path, { Cookie: `${LANG_COOKIE}=ja; ${TZ_COOKIE}=Asia/Tokyo` });
    expect(next.html).not.toContain('Private Name 42');
    expect(next.html).not.toContain('not-an-address');
    expect(next.csrf).not.toBe(tokyo.csrf);
  });
});

/** The listing's card of an event ('' when it is not listed). */
function cardOf(html: string, slug: string): string {
  const cards = html.split('<li class="card">').slice(1);
  return cards.find((c) => c.includes(`href="/events/${slug}"`)) ?? '';
}
