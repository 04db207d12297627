import { MAX_PASTED_ADDRESSES, parsePastedAddresses, TooManyAddressesError } from './pasted-addresses';

describe('parsePastedAddresses', () => {
  it('splits on lines, commas and semicolons, normalizes and counts repeats once', () => {
    const parsed = parsePastedAddresses(
      ' Ana@Example.org ;bo@example.org,\r\n\r\nANA@example.org\nｃｙ＠ｅｘａｍｐｌｅ．ｏｒｇ\nnope\nnope\nz\u200bz@example.org',
    );
    expect(parsed).toEqual({
      entries: 7,
      addresses: ['ana@example.org', 'bo@example.org', 'cy@example.org'],
      invalid: [
        { entry: 'nope', reason: 'must be an email address' },
        { entry: 'z\u200bz@example.org', reason: 'must not contain invisible or control characters' },
      ],
      repeats: 2,
    });
  });

  it('takes up to the limit and refuses one more as a whole', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `p${i}@example.org`).join('\n');
    expect(parsePastedAddresses(list(MAX_PASTED_ADDRESSES)).addresses).toHaveLength(MAX_PASTED_ADDRESSES);
    expect(() => parsePastedAddresses(list(MAX_PASTED_ADDRESSES + 1))).toThrow(TooManyAddressesError);
    expect(parsePastedAddresses(' ,;\n').entries).toBe(0);
  });
});
