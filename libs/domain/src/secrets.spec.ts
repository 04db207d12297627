import { digestsEqual, generateSecret, sha256 } from './secrets';

describe('secret tokens', () => {
  it('carries 32 random bytes behind the prefix', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^cohost_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice('cohost_'.length), 'base64url')).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret);
  });

  it('hashes with SHA-256 and compares digests', () => {
    expect(sha256('abc').toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(digestsEqual(sha256('a'), sha256('a'))).toBe(true);
    expect(digestsEqual(sha256('a'), sha256('b'))).toBe(false);
    expect(digestsEqual(Buffer.alloc(2), Buffer.alloc(3))).toBe(false);
  });
});
