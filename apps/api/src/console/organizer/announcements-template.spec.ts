import { Eta } from 'eta';
import { apiAssetDir } from '../../pages/pages.setup';
import { HOSTILE, organizerLayout as layout } from './organizer-layout.fixture';
import { announcementsEn } from './i18n/announcements-en';
import { announcementsJa } from './i18n/announcements-ja';

const message = (lang: 'ja' | 'en') => ({
  lang,
  heading: lang,
  frameTitle: `HTML ${lang}`,
  note: HOSTILE,
  subject: HOSTILE,
  text: HOSTILE,
  html: `<!doctype html><p>${HOSTILE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')}</p>`,
  realRecipient: true,
  timezone: 'Asia/Tokyo',
});

const data = {
  title: HOSTILE,
  paths: {
    event: '/console/events/e1',
    preview: '/console/events/e1/announcements/preview',
    send: '/console/events/e1/announcements',
  },
  sent: true,
  canSend: true,
  consentingOnly: true,
  form: { subjectEn: HOSTILE, subjectJa: HOSTILE, bodyEn: HOSTILE, bodyJa: HOSTILE, audience: 'both', token: 't1' },
  errors: [{ field: 'bodyJa', message: HOSTILE }],
  refused: HOSTILE,
  limits: { subject: 150, body: 5000 },
  preview: { recipients: 3, messages: [message('ja'), message('en')] },
  list: [
    {
      id: 'a1',
      subject: HOSTILE,
      sentAt: 'now',
      by: HOSTILE,
      audience: 'Both',
      consentingOnly: true,
      recipients: 3,
      delivery: '3 sent',
    },
  ],
};

describe('announcements page template', () => {
  const eta = new Eta({ views: apiAssetDir('views'), autoEscape: true, autoTrim: false });

  it('has the same texts in both languages, with the same placeholders', () => {
    expect(Object.keys(announcementsJa).sort()).toEqual(Object.keys(announcementsEn).sort());
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(announcementsEn) as Array<keyof typeof announcementsEn>) {
      expect([key, placeholders(announcementsJa[key])]).toEqual([key, placeholders(announcementsEn[key])]);
      expect(key.startsWith('org.ann.')).toBe(true);
    }
  });

  it.each(['ja', 'en'] as const)('renders in %s, escaping user text once, the preview sandboxed', (locale) => {
    const html = eta.render('console/organizer/announcements.eta', { ...layout(locale), ...data });
    expect(html).toContain(`<html lang="${locale}">`);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;');
    // The email's HTML only inside a sandboxed frame's srcdoc (escaped as an attribute value).
    expect(html).toMatch(/<iframe class="ann-frame" sandbox="" [^>]*srcdoc="&lt;!doctype html&gt;&lt;p&gt;&amp;lt;img/);
    expect(html).not.toMatch(/\son[a-z]+=["']/i);
    for (const script of html.match(/<script[^>]*>/g) ?? []) expect(script).toMatch(/src="\/assets\/[a-z-]+\.js"/);
    const forms = (html.match(/<form[\s\S]*?<\/form>/g) ?? []).filter((f) => f.includes('/announcements'));
    expect(forms).toHaveLength(2);
    for (const form of forms) expect(form).toContain('name="_csrf"');
    for (const form of forms) expect(form).toContain('name="token" value="t1"');
    const ids = [...html.matchAll(/<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\sid="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(ids.length).toBeGreaterThanOrEqual(7);
    for (const id of ids) expect([id, html.includes(`for="${id}"`)]).toEqual([id, true]);
    expect(html).toContain('aria-invalid="true" aria-describedby="f-bodyJa-error"');
    expect(html).toContain('id="f-bodyJa-error"');
    expect(html).not.toMatch(/\{\w+\}/);
  });
});
