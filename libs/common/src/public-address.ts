import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a server-side request (a webhook) must never reach: loopback,
 * private, CGNAT, link-local (cloud metadata at 169.254.169.254), multicast,
 * reserved and documentation ranges, IPv6 unique-local and link-local, and
 * IPv4-mapped or translated IPv6 addresses (which would smuggle the others).
 */
// Two lists: Node's BlockList also matches an IPv4 address against IPv4-mapped IPv6 rules.
const FORBIDDEN_V4 = new BlockList();
const FORBIDDEN_V6 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  FORBIDDEN_V4.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  FORBIDDEN_V6.addSubnet(net, prefix, 'ipv6');
}

export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return family === 4 ? FORBIDDEN_V4.check(address, 'ipv4') : FORBIDDEN_V6.check(address, 'ipv6');
}

/** Host names, IP addresses and CIDRs that an operator lets through (a local receiver, a test). */
export class AddressAllowList {
  private readonly names = new Set<string>();
  private readonly blocks = new BlockList();

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [net, prefix] = entry.split('/');
      const family = isIP(net);
      if (family === 0) this.names.add(entry.toLowerCase().replace(/\.$/, ''));
      else if (prefix === undefined) this.blocks.addAddress(net, family === 4 ? 'ipv4' : 'ipv6');
      else this.blocks.addSubnet(net, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
    }
  }

  allowsName(host: string): boolean {
    return this.names.has(host.toLowerCase().replace(/\.$/, ''));
  }

  allowsAddress(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.blocks.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}

export class ForbiddenTargetError extends Error {
  constructor(
    message: string,
    readonly code: 'invalid_url' | 'insecure_scheme' | 'private_address' | 'unresolvable',
  ) {
    super(message);
    this.name = 'ForbiddenTargetError';
  }
}

export interface CheckedTarget {
  url: URL;
  /** The checked address to connect to (never resolve the name again: that would open DNS rebinding). */
  address: string;
  family: 4 | 6;
}

export type Resolver = (host: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/**
 * Resolves a webhook URL and refuses it unless it is https and every address
 * its name resolves to is public; an allow-listed name or address may be
 * private and use plain http. Returns the address to connect to.
 */
export async function checkWebhookTarget(
  raw: string,
  allow: AddressAllowList,
  resolve: Resolver = systemResolver,
): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ForbiddenTargetError('not a URL', 'invalid_url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ForbiddenTargetError('only https URLs are accepted', 'insecure_scheme');
  }
  if (url.username || url.password) throw new ForbiddenTargetError('URLs with credentials are refused', 'invalid_url');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  } catch (error) {
    throw new ForbiddenTargetError(`${host} does not resolve (${(error as Error).message})`, 'unresolvable');
  }
  if (addresses.length === 0) throw new ForbiddenTargetError(`${host} does not resolve`, 'unresolvable');
  const nameAllowed = allow.allowsName(host);
  const allowed = addresses.every((a) => nameAllowed || allow.allowsAddress(a.address));
  if (!allowed) {
    const bad = addresses.find((a) => isForbiddenAddress(a.address));
    if (bad) throw new ForbiddenTargetError(`${host} resolves to a private or reserved address`, 'private_address');
    if (url.protocol !== 'https:') throw new ForbiddenTargetError('only https URLs are accepted', 'insecure_scheme');
  }
  const first = addresses[0];
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
