import { renderSignInMessage, SignInMailContext } from './sign-in-message';

const context = (overrides: Partial<SignInMailContext> = {}): SignInMailContext => ({
  kind: 'console.sign_in',
  from: { name: 'cohost', address: 'no-reply@cohost.example' },
  recipient: { email: 'admin@hub.example', locale: 'en' },
  link: 'https://cohost.example/console/sign-in/confirm?token=abc_DEF-123',
  validMinutes: 15,
  ...overrides,
});

describe('renderSignInMessage', () => {
  it.each([
    ['en', 'Your sign-in link for the cohost console', /works once, for 15 minutes/],
    ['ja', 'cohost コンソールへのサインインリンク', /15分間、1回だけ有効/],
  ] as const)('in %s: subject, the link in text and HTML, the validity', (locale, subject, validity) => {
    const message = renderSignInMessage(context({ recipient: { email: 'admin@hub.example', locale } }), {
      messageId: '<n1.sign-in@cohost.example>',
    });
    expect(message.subject).toBe(subject);
    expect(message.text).toContain('https://cohost.example/console/sign-in/confirm?token=abc_DEF-123');
    expect(message.text).toMatch(validity);
    expect(message.html).toContain('href="https://cohost.example/console/sign-in/confirm?token=abc_DEF-123"');
    expect(message.html).toContain(`lang="${locale}"`);
    expect(message.to).toEqual({ name: '', address: 'admin@hub.example' });
    expect(message.icalEvent).toBeUndefined();
    expect(message.messageId).toBe('<n1.sign-in@cohost.example>');
  });

  it.each(['a b@x.example', 'a@x.example\r\nBcc: y@z.example', '"a"@x.example', 'no-at-sign'])(
    'refuses a recipient that is not a plain address: %j',
    (email) => {
      expect(() =>
        renderSignInMessage(context({ recipient: { email, locale: 'en' } }), { messageId: '<n1@x>' }),
      ).toThrow(/Refusing/);
    },
  );
});
