import { mailContext } from '../testing/mail-context.fixture';
import { renderMessage } from './render-message';

const data = {
  audience: 'attendee',
  text: { en: 'Thanks for coming <b>!</b>', ja: 'ご参加ありがとうございました' },
  recordingUrl: 'https://video.example/rec/1',
  surveyUrl: 'https://forms.example/s/1',
};

describe('event.followup email', () => {
  it("shows the organizers' text in the recipient's language with the recording and survey links, no join or cancel link", () => {
    for (const locale of ['en', 'ja'] as const) {
      const message = renderMessage(mailContext({ kind: 'event.followup', recipient: { locale } as never, data }));
      expect(message.text).toContain(data.text[locale]);
      expect(message.text).toContain('https://video.example/rec/1');
      expect(message.text).toContain('https://forms.example/s/1');
      expect(message.html).toContain('<a href="https://video.example/rec/1">');
      expect(message.text).not.toContain('meet.example');
      expect(message.text).not.toContain('cancel?token');
      expect(message.icalEvent).toBeUndefined();
    }
    const html = renderMessage(
      mailContext({ kind: 'event.followup', recipient: { locale: 'en' } as never, data }),
    ).html;
    expect(html).toContain('Thanks for coming &lt;b&gt;!&lt;/b&gt;');
  });

  it('falls back to the other language, and leaves out links that are not https', () => {
    const message = renderMessage(
      mailContext({
        kind: 'event.followup',
        recipient: { locale: 'ja' } as never,
        data: { text: { en: 'Only English' }, recordingUrl: 'javascript:alert(1)', surveyUrl: 'http://x.example/' },
      }),
    );
    expect(message.text).toContain('Only English');
    expect(message.text).not.toContain('javascript:');
    expect(message.text).not.toContain('http://x.example/');
  });
});
