import { mailContext } from '../../testing/mail-context.fixture';
import { renderMessage } from '../render-message';

describe('agreement.cohosting_ended', () => {
  it('lists every webinar with its start in its zone, in Japanese and English, without registrant links', () => {
    const m = renderMessage(
      mailContext({
        kind: 'agreement.cohosting_ended',
        links: { event: 'https://cohost.example/events/x', ics: 'https://cohost.example/x.ics' },
        data: {
          partner: 'Royal Danish Embassy',
          agreementKind: 'MOC',
          endsOn: '2026-12-04',
          reason: 'terminated',
          events: [
            { title: { en: 'RNA day', ja: 'RNAの日' }, startsAt: '2027-01-10T09:00:00.000Z', timezone: 'Asia/Tokyo' },
            { title: { en: 'Cell talks' }, startsAt: '2027-02-01T08:00:00.000Z', timezone: 'Europe/Copenhagen' },
          ],
        },
      }),
    );
    expect(m.subject).toContain('Royal Danish Embassy');
    expect(m.text).toContain('- RNAの日 (2027');
    expect(m.text).toContain('- RNA day (10 Jan 2027, 18:00 GMT+9)');
    expect(m.text).toContain('- Cell talks (1 Feb 2027, 09:00 CET)');
    expect(m.text).toContain('as an organizer of a partner');
    expect(m.headers?.['List-Unsubscribe']).toBeUndefined();
  });
});
