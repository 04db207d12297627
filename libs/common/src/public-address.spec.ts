import { AddressAllowList, checkWebhookTarget, ForbiddenTargetError, isForbiddenAddress } from './public-address';

const none = new AddressAllowList([]);
const resolvesTo =
  (...addresses: string[]) =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('webhook targets (SSRF)', () => {
  it.each([
    ['loopback', '127.0.0.1'],
    ['loopback, far end', '127.255.255.254'],
    ['private 10/8', '10.1.2.3'],
    ['private 172.16/12', '172.31.0.1'],
    ['private 192.168/16', '192.168.1.1'],
    ['CGNAT', '100.64.0.1'],
    ['link-local and metadata', '169.254.169.254'],
    ['this network', '0.0.0.0'],
    ['multicast', '224.0.0.251'],
    ['reserved', '240.0.0.1'],
    ['broadcast', '255.255.255.255'],
    ['IPv6 loopback', '::1'],
    ['IPv6 unspecified', '::'],
    ['IPv6 ULA', 'fd00:ec2::254'],
    ['IPv6 link-local', 'fe80::1'],
    ['IPv6 multicast', 'ff02::1'],
    ['IPv4-mapped IPv6 of loopback', '::ffff:127.0.0.1'],
    ['IPv4-mapped IPv6 of a public address', '::ffff:93.184.216.34'],
    ['NAT64 of metadata', '64:ff9b::a9fe:a9fe'],
  ])('refuses %s (%s) by name and as a literal', async (_label, address) => {
    expect(isForbiddenAddress(address)).toBe(true);
    await expect(checkWebhookTarget('https://hooks.example.com/x', none, resolvesTo(address))).rejects.toMatchObject({
      code: 'private_address',
    });
    const literal = address.includes(':') ? `[${address}]` : address;
    await expect(checkWebhookTarget(`https://${literal}/x`, none)).rejects.toBeInstanceOf(ForbiddenTargetError);
  });

  it('refuses a name with one private address among public ones (all must be public)', async () => {
    await expect(
      checkWebhookTarget('https://hooks.example.com/', none, resolvesTo('93.184.216.34', '10.0.0.1')),
    ).rejects.toMatchObject({ code: 'private_address' });
  });

  it('accepts a public https target and connects to the address it checked', async () => {
    const target = await checkWebhookTarget('https://hooks.example.com/in', none, resolvesTo('93.184.216.34'));
    expect(target).toMatchObject({ address: '93.184.216.34', family: 4 });
    expect(target.url.hostname).toBe('hooks.example.com');
    expect(isForbiddenAddress('2606:4700::1111')).toBe(false);
  });

  it.each([
    'http://hooks.example.com/',
    'ftp://hooks.example.com/',
    'file:///etc/passwd',
    'not a url',
    'https://u:p@hooks.example.com/',
  ])('refuses %s', async (url) => {
    await expect(checkWebhookTarget(url, none, resolvesTo('93.184.216.34'))).rejects.toBeInstanceOf(
      ForbiddenTargetError,
    );
  });

  it('lets an allow-listed name, address or CIDR through, over http too', async () => {
    await expect(
      checkWebhookTarget('http://127.0.0.1:9/x', new AddressAllowList(['127.0.0.1'])),
    ).resolves.toMatchObject({ address: '127.0.0.1' });
    await expect(
      checkWebhookTarget('http://receiver.test/x', new AddressAllowList(['receiver.test']), resolvesTo('10.0.0.5')),
    ).resolves.toMatchObject({ address: '10.0.0.5' });
    await expect(checkWebhookTarget('http://10.9.8.7/x', new AddressAllowList(['10.9.0.0/16']))).resolves.toMatchObject(
      { address: '10.9.8.7' },
    );
    await expect(checkWebhookTarget('http://10.10.0.1/x', new AddressAllowList(['10.9.0.0/16']))).rejects.toMatchObject(
      {
        code: 'private_address',
      },
    );
  });
});
