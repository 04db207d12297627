import { readAddressLink, signAddressLink } from './link-tokens';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Another base64url character with the same high bits, which decodes to the same bytes at a string's end. */
function sibling(char: string): string {
  const index = ALPHABET.indexOf(char);
  return ALPHABET[index ^ 1];
}

describe('address links', () => {
  const key = 'k'.repeat(64);

  it('gives back the address it was made for', () => {
    const token = signAddressLink(key, 'unsubscribe', 'hanako@example.jp');
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(readAddressLink(key, 'unsubscribe', token)).toBe('hanako@example.jp');
  });

  it.each([
    ['another purpose', (t: string) => t, 'erase' as const, key],
    ['another key', (t: string) => t, 'unsubscribe' as const, 'x'.repeat(64)],
    [
      'another address',
      (t: string) => `${Buffer.from('taro@example.jp').toString('base64url')}.${t.split('.')[1]}`,
      'unsubscribe' as const,
      key,
    ],
    ['a changed MAC', (t: string) => `${t.slice(0, -2)}${t.endsWith('AA') ? 'BB' : 'AA'}`, 'unsubscribe' as const, key],
    ['a cut token', (t: string) => t.slice(0, -1), 'unsubscribe' as const, key],
    [
      'a last character that differs only in unused bits',
      (t: string) => `${t.slice(0, -1)}${sibling(t.at(-1)!)}`,
      'unsubscribe' as const,
      key,
    ],
    [
      'an address part that differs only in unused bits',
      (t: string) => {
        const [address, tag] = t.split('.');
        return `${address.slice(0, -1)}${sibling(address.at(-1)!)}.${tag}`;
      },
      'unsubscribe' as const,
      key,
    ],
    ['no dot', (t: string) => t.replace('.', ''), 'unsubscribe' as const, key],
  ])('refuses %s', (_name, change, purpose, readKey) => {
    const token = change(signAddressLink(key, 'unsubscribe', 'hanako@example.jp'));
    expect(readAddressLink(readKey, purpose, token)).toBeNull();
  });

  it.each([undefined, null, 42, ['a.b'], '', '.'])('refuses a non-token %p', (value) => {
    expect(readAddressLink(key, 'unsubscribe', value)).toBeNull();
  });
});
