import { Eta } from 'eta';
import { PageLocale, translator } from './i18n';
import { zoneOptions } from './page-renderer.service';
import { eventView, PageEventInput } from './page-views';
import { apiAssetDir } from './pages.setup';

const HOSTILE = '<script>alert(1)</script>"\'&';

function sampleEvent(overrides: Partial<PageEventInput> = {}): PageEventInput {
  return {
    id: '7b0c2f5e-4a6b-4c1d-9a43-3f2a1b0c9d8e',
    slug: 'dk-jp-symposium',
    title: { en: `Symposium ${HOSTILE}`, ja: `シンポジウム ${HOSTILE}` },
    description: { en: 'Line one\nline two\n\nSecond paragraph' },
    startsAt: '2030-05-20T09:00:00.000Z',
    endsAt: '2030-05-20T11:00:00.000Z',
    timezone: 'Asia/Tokyo',
    capacity: 10,
    waitlist: true,
    status: 'published',
    registrationOpensAt: null,
    registrationClosesAt: '2030-05-20T09:00:00.000Z',
    host: { slug: 'tokyo-hub', name: { en: 'Tokyo Hub', ja: '東京ハブ' } },
    cohosts: [{ partner: { slug: 'danish-embassy', name: { en: `Embassy ${HOSTILE}` } }, status: 'accepted' }],
    seats: { confirmed: 3, waitlisted: 0, remaining: 7 },
    calendarLinks: {
      google: 'https://calendar.google.com/x?a=1&b=2',
      outlook: 'https://outlook.live.com/y',
      ics: '/z.ics',
    },
    ...overrides,
  };
}

describe('page templates', () => {
  const eta = new Eta({ views: apiAssetDir('views'), autoEscape: true });
  const now = new Date('2030-01-01T00:00:00Z');

  function render(template: string, locale: PageLocale, data: object): string {
    const t = translator(locale);
    const page = {
      lang: locale,
      title: `Title ${HOSTILE}`,
      assets: '/assets/',
      switchLinks: { ja: '/?lang=ja', en: '/?lang=en' },
    };
    return eta.render(template, { t, page, ...data });
  }

  function eventPage(locale: PageLocale, event = sampleEvent(), error: string | null = `Problem ${HOSTILE}`) {
    const view = eventView(event, { locale, t: translator(locale), now });
    return render('event.eta', locale, {
      event: view,
      articleHtml: eta.render('partials/event-article.eta', { t: translator(locale), event: view }),
      form: {
        name: HOSTILE,
        email: 'a@b.jp',
        organization: '',
        locale,
        timezone: 'Asia/Tokyo',
        shareWithCohosts: true,
        via: '',
        code: '',
        timezoneDetect: false,
      },
      zoneOptions: zoneOptions('Asia/Tokyo'),
      csrf: 'token-1',
      error,
      fieldErrors: [{ id: 'f-organization', message: 'Enter it' }],
      fieldError: { organization: 'Enter it' },
    });
  }

  it('escapes user text everywhere and never emits inline script', () => {
    for (const locale of ['ja', 'en'] as const) {
      const html = eventPage(locale);
      expect(html).not.toContain('<script>alert');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
      // The only script is the external one (CSP: script-src 'self').
      expect(html.match(/<script\b[^>]*>/g)).toEqual([
        '<script src="/assets/time-span.js" defer>',
        '<script src="/assets/pages.js" defer>',
      ]);
    }
  });

  it('renders the form in the page language with labels, kept values and field errors', () => {
    const html = eventPage('ja');
    expect(html).toMatch(/^<!doctype html>\n<html lang="ja">/);
    expect(html).toContain('<label for="f-name">氏名</label>');
    expect(html).toContain('id="f-name" name="name" value="&lt;script&gt;');
    expect(html).toContain('name="_csrf" value="token-1"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('id="f-consent" name="shareWithCohosts" value="yes" checked');
    expect(html).toContain('Embassy &lt;script&gt;');
    expect(html).toContain('<option selected>Asia/Tokyo</option>');
    for (const id of html.matchAll(/<(?:input|select)[^>]*\bid="([^"]+)"/g)) {
      expect(html).toContain(`<label for="${id[1]}"`);
    }
    const en = eventPage('en');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<label for="f-email">Email address</label>');
    expect(en).toContain('7 seats left');
  });

  it('marks a title shown in the other language with its lang', () => {
    const html = eventPage('ja', sampleEvent({ title: { en: 'English only' } }));
    expect(html).toContain('<h1 lang="en">English only</h1>');
  });

  it('shows closed registration without a form', () => {
    const html = eventPage('en', sampleEvent({ registrationClosesAt: '2029-01-01T00:00:00.000Z' }), null);
    expect(html).not.toContain('<form');
    expect(html).toContain('Registration for this webinar is closed.');
  });

  it('renders the result with the waitlist position and calendar links', () => {
    const t = translator('en');
    const event = eventView(sampleEvent(), { locale: 'en', t, now });
    const waitlisted = render('result.eta', 'en', {
      event,
      result: { status: 'waitlisted', position: 1, email: 'a@b.jp' },
    });
    expect(waitlisted).toContain('<strong data-testid="waitlist-position">1</strong>');
    expect(waitlisted).not.toContain('calendar.google.com');
    const confirmed = render('result.eta', 'ja', {
      event,
      result: { status: 'confirmed', position: null, email: 'a@b.jp' },
    });
    expect(confirmed).toContain('href="https://calendar.google.com/x?a=1&amp;b=2"');
    expect(confirmed).toContain('お申し込みが完了しました');
    // The emailed invitation and the .ics (same UID) come first; the web-calendar copies after, labelled.
    expect(confirmed.indexOf('href="/z.ics?lang=en" download')).toBeGreaterThan(0);
    expect(confirmed.indexOf('/z.ics?lang=en')).toBeLessThan(confirmed.indexOf('calendar.google.com'));
    expect(confirmed).toContain('a@b.jp に送信した招待メール');
    expect(confirmed).toContain(translator('ja')('result.copyWarning'));
  });

  it('renders the other pages in both languages', () => {
    for (const locale of ['ja', 'en'] as const) {
      const t = translator(locale);
      const event = eventView(sampleEvent(), { locale, t, now });
      expect(render('index.eta', locale, { events: [event] })).toContain('href="/events/dk-jp-symposium"');
      expect(render('index.eta', locale, { events: [] })).toContain(t('index.empty'));
      const partner = render('partner.eta', locale, {
        partner: {
          name: 'Hub',
          ics: 'http://x/api/v1/partners/hub/calendar.ics',
          webcal: 'webcal://x/api/v1/partners/hub/calendar.ics',
        },
        events: [event],
      });
      expect(partner).toContain('href="webcal://x/api/v1/partners/hub/calendar.ics"');
      const ask = render('cancel.eta', locale, {
        mode: 'ask',
        title: t('cancel.title'),
        token: 'tok',
        csrf: 'c',
        registration: { name: HOSTILE, email: 'a@b.jp', statusLabel: t('status.confirmed'), event },
        keepHref: event.href,
      });
      expect(ask).toContain('<form method="post" action="/cancel"');
      expect(ask).not.toContain('<script>alert');
      expect(render('cancel.eta', locale, { mode: 'invalid', title: t('cancel.invalidTitle') })).toContain(
        t('cancel.invalidBody'),
      );
      expect(render('error.eta', locale, { title: 'x', message: HOSTILE })).not.toContain('<script>alert');
    }
  });
});
