import { mailContext } from '../testing/mail-context.fixture';
import { linkedHtml } from './mail-model';
import { renderMessage } from './render-message';
import { paragraphsOf, writtenText } from './templates/written-text';

const body = [
  'Dear all,\nthe slides are at https://slides.example/deck?a=1&b=2.',
  '<script>alert(1)</script> & "quotes" \'too\'',
  '資料は https://slides.example/ja/資料 をご覧ください（https://x.example/a_(b)）。',
].join('\n\n \n');

function announcement(locale: 'en' | 'ja') {
  return renderMessage(
    mailContext({
      kind: 'event.announcement',
      recipient: { locale } as never,
      links: {
        unsubscribe: 'https://cohost.example/unsubscribe?token=u1',
        erase: 'https://cohost.example/erasure?token=e1',
      } as never,
      data: { announcementId: 'a1', subject: { [locale]: `Slides <b>${locale}</b>` }, body: { [locale]: body } },
    }),
  );
}

describe('event.announcement email', () => {
  it.each(['en', 'ja'] as const)(
    "%s: the organizers' subject and paragraphs, escaped once, addresses linked, no join or cancel link",
    (locale) => {
      const message = announcement(locale);
      expect(message.subject).toContain(`Slides <b>${locale}</b>`);
      expect(message.subject).toContain(locale === 'ja' ? 'RNA創薬シンポジウム' : 'RNA therapeutics symposium');
      // Text part: as typed, one paragraph per blank-line block.
      expect(message.text).toContain('Dear all,\nthe slides are at https://slides.example/deck?a=1&b=2.\n\n<script>');
      // HTML part: nothing the organizers typed is markup; only http(s) addresses become links.
      expect(message.html).toContain(
        '<p>Dear all,<br>the slides are at <a href="https://slides.example/deck?a=1&amp;b=2">https://slides.example/deck?a=1&amp;b=2</a>.</p>',
      );
      expect(message.html).toContain(
        '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;too&#39;</p>',
      );
      expect(message.html).not.toContain('<script>');
      expect(message.html).toContain(
        '<a href="https://slides.example/ja/">https://slides.example/ja/</a>資料 をご覧ください',
      );
      expect(message.html).toContain('<a href="https://x.example/a_(b)">https://x.example/a_(b)</a>）');
      // Dual zones: the recipient's and the host's (both Tokyo in the fixture: one line each way).
      expect(message.text).toMatch(/Tokyo|JST|日本/);
      expect(message.text).not.toContain('meet.example');
      expect(message.text).not.toContain('cancel?token');
      expect(message.icalEvent).toBeUndefined();
      expect(message.headers).toMatchObject({
        'List-Unsubscribe': '<https://cohost.example/unsubscribe?token=u1>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      });
    },
  );

  it('falls back to the other language when a row holds only one', () => {
    const message = renderMessage(
      mailContext({
        kind: 'event.announcement',
        recipient: { locale: 'ja' } as never,
        data: { subject: { en: 'Only English' }, body: { en: 'Body' } },
      }),
    );
    expect(message.subject).toContain('Only English');
    expect(message.text).toContain('Body');
  });
});

describe('written text helpers', () => {
  it('split paragraphs at blank lines (also lines of spaces), keeping single line breaks', () => {
    expect(paragraphsOf('a\nb\r\n\r\nc\n \t\n\n\nd  \n')).toEqual(['a\nb', 'c', 'd']);
    expect(paragraphsOf(' \n\n')).toEqual([]);
  });

  it('read a language, else the other, else nothing; never a non-string', () => {
    expect(writtenText({ body: { en: 'E', ja: 'J' } }, 'body', 'ja')).toBe('J');
    expect(writtenText({ body: { en: 'E', ja: ' ' } }, 'body', 'ja')).toBe('E');
    expect(writtenText({ body: { en: 1 } }, 'body', 'en')).toBe('');
    expect(writtenText({ body: 'x' }, 'body', 'en')).toBe('');
  });

  it('link only http(s) addresses, leaving punctuation and unopened brackets out', () => {
    expect(linkedHtml('see (https://a.example/x).')).toBe(
      'see (<a href="https://a.example/x">https://a.example/x</a>).',
    );
    expect(linkedHtml('javascript:alert(1) ftp://x.example <a href="https://e.example">')).toBe(
      'javascript:alert(1) ftp://x.example &lt;a href=&quot;<a href="https://e.example">https://e.example</a>&quot;&gt;',
    );
    expect(linkedHtml('https:// nothing, http://')).toBe('https:// nothing, http://');
  });
});
