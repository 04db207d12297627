import { Eta } from 'eta';
import { apiAssetDir } from '../../pages/pages.setup';
import { HOSTILE, organizerLayout as layout } from './organizer-layout.fixture';
import { blankForm } from './event-form';

const eventRow = {
  id: 'e1',
  href: '/console/events/e1',
  title: HOSTILE,
  when: 'Sat, 20 May 2028, 18:00–20:00 (Japan Standard Time)',
  status: 'draft',
  statusLabel: 'Draft',
  seats: '0 of 50 confirmed',
  role: 'Host',
};
const invitation = {
  eventId: 'e2',
  href: '/console/events/e2',
  title: HOSTILE,
  when: 'w',
  host: HOSTILE,
  partner: 'Embassy',
  status: 'pending',
  statusLabel: 'Waiting',
  accept: '/console/events/e2/accept',
  decline: '/console/events/e2/decline',
};

const TEMPLATES: Record<string, object> = {
  dashboard: {
    title: 'Webinars',
    paths: { create: '/console/events/new' },
    drafts: [eventRow],
    upcoming: [],
    past: [eventRow],
    incoming: [invitation],
    outgoing: [invitation],
  },
  'event-form': {
    title: 'New webinar',
    mode: 'create',
    action: '/console/events',
    backHref: '/console/events',
    form: {
      ...blankForm('Asia/Tokyo'),
      titleEn: HOSTILE,
      descriptionJa: HOSTILE,
      joinUrl: HOSTILE,
      seatsPerOrganization: HOSTILE,
      joinWindowMinutes: HOSTILE,
    },
    errors: { titleEn: HOSTILE, startsAt: 'Enter a date and time.', audience: HOSTILE, joinWindowMinutes: HOSTILE },
    errorList: [{ id: 'f-titleEn', label: 'Title', message: HOSTILE }],
    rule: HOSTILE,
    timeZones: ['Asia/Tokyo', 'Europe/Copenhagen'],
    reminderPresets: [
      { value: 'P1D', label: '1 day' },
      { value: 'PT1H', label: '1 hour' },
    ],
    zones: [{ name: HOSTILE, zone: 'Asia/Tokyo', own: true, when: '' }],
    zonesReadable: false,
  },
  event: {
    title: HOSTILE,
    paths: { dashboard: '/d', edit: '/e', publish: '/p', cancel: '/c', invite: '/i' },
    event: {
      id: 'e1',
      title: HOSTILE,
      status: 'published',
      statusLabel: 'Published',
      roleLabel: 'Host',
      hostName: HOSTILE,
      seats: 's',
      registrationWindow: 'r',
      visibility: 'v',
      audience: HOSTILE,
      joinWindow: 'j',
      reminders: '1 day',
      joinUrl: 'https://meet.example.org/j/1',
      zones: [{ name: HOSTILE, zone: 'Asia/Tokyo', when: 'w' }],
      cohosts: [{ name: HOSTILE, zone: 'Europe/Copenhagen', status: 'pending', statusLabel: 'p', remove: '/r' }],
    },
    can: { edit: true, publish: true, cancel: true, manageCohosts: true },
    respond: { partner: HOSTILE, accept: '/a', decline: '/d' },
    picker: {
      available: [{ slug: 'embassy', name: HOSTILE, zone: 'Europe/Copenhagen', kind: 'MOC' }],
      unavailable: [{ slug: 'osaka', name: HOSTILE, reason: HOSTILE }],
    },
    links: { page: 'https://x.example/events/a', google: 'https://g', outlook: 'https://o', ics: 'https://i' },
    rule: HOSTILE,
    done: HOSTILE,
  },
  notice: {
    title: 'Save?',
    action: '/console/events/e1',
    notified: 3,
    changes: 'start',
    hidden: [
      { name: 'titleEn', value: HOSTILE },
      { name: 'reminders', value: 'P1D' },
    ],
  },
  cancel: {
    title: HOSTILE,
    action: '/c',
    backHref: '/b',
    notified: 2,
    reason: HOSTILE,
    reasonError: HOSTILE,
  },
};

describe('organizer templates', () => {
  const eta = new Eta({ views: apiAssetDir('views'), autoEscape: true, autoTrim: false });

  for (const locale of ['ja', 'en'] as const) {
    for (const [name, data] of Object.entries(TEMPLATES)) {
      it(`${name} renders in ${locale}, escaping user text once and with CSP-safe markup`, () => {
        const html = eta.render(`console/organizer/${name}.eta`, { ...layout(locale), ...data });
        expect(html).toContain(`<html lang="${locale}">`);
        expect(html).not.toContain('<img src=x');
        expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;');
        expect(html).not.toMatch(/\son[a-z]+=["']/i);
        // Scripts only from our own assets, never inline.
        for (const script of html.match(/<script[^>]*>/g) ?? []) expect(script).toMatch(/src="\/assets\/[a-z-]+\.js"/);
        // Every form posts the CSRF token; every visible input has a label.
        const forms = html.match(/<form[\s\S]*?<\/form>/g) ?? [];
        for (const form of forms.filter((f) => f.includes('method="post"'))) expect(form).toContain('name="_csrf"');
        const ids = [...html.matchAll(/<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\sid="([^"]+)"/g)].map(
          (m) => m[1],
        );
        for (const id of ids) expect([id, html.includes(`for="${id}"`)]).toEqual([id, true]);
        expect(html).not.toMatch(/\{\w+\}/);
      });
    }
  }
});
