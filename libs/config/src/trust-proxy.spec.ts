import { parseTrustProxy, TRUST_PROXY_FORMS } from './trust-proxy';

describe('parseTrustProxy', () => {
  it.each(['', 'false', 'FALSE', 'no', 'off', '0', ' false '])('trusts no proxy for %p', (value) => {
    expect(parseTrustProxy(value)).toBe(false);
  });

  // `true` once trusted the whole X-Forwarded-For chain; now it is one hop,
  // the single reverse proxy it was documented for.
  it.each(['true', 'TRUE', 'yes', 'on'])('reads %p as one hop, never as "trust everything"', (value) => {
    expect(parseTrustProxy(value)).toBe(1);
  });

  it.each([
    ['1', 1],
    ['2', 2],
    [' 3 ', 3],
    ['10', 10],
  ])('reads the hop count %p', (value, hops) => {
    expect(parseTrustProxy(value)).toBe(hops);
  });

  it.each([
    ['10.0.0.0/8', ['10.0.0.0/8']],
    ['10.0.0.0/8,192.168.0.0/16', ['10.0.0.0/8', '192.168.0.0/16']],
    [' 10.0.0.0/8 , 172.16.0.0/12 ', ['10.0.0.0/8', '172.16.0.0/12']],
    ['203.0.113.7', ['203.0.113.7']],
    ['0.0.0.0/0', ['0.0.0.0/0']],
    ['fd00::/8,::1', ['fd00::/8', '::1']],
    ['2001:DB8::/32', ['2001:db8::/32']],
    ['::ffff:10.0.0.1/128', ['::ffff:10.0.0.1/128']],
    ['loopback,uniquelocal,linklocal', ['loopback', 'uniquelocal', 'linklocal']],
  ])('reads the address list %p', (value, ranges) => {
    expect(parseTrustProxy(value)).toEqual(ranges);
  });

  it.each([
    'everyone',
    '*',
    '11',
    '100',
    '-1',
    '1.5',
    '0x1',
    '10.0.0.0/33',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    '10.0.0.0/',
    '10.0.0/8',
    '256.0.0.1',
    'fd00::/129',
    'fd00:::1',
    'proxy.example.org',
    '10.0.0.0/8,',
    '10.0.0.0/8;192.168.0.0/16',
    '10.0.0.0/8 192.168.0.0/16',
    'true,10.0.0.0/8',
  ])('refuses %p, naming the variable and the accepted forms', (value) => {
    const parsed = parseTrustProxy(value);
    expect(parsed).toEqual({ error: expect.stringContaining(TRUST_PROXY_FORMS) });
    expect(TRUST_PROXY_FORMS).toContain('TRUST_PROXY');
  });
});
