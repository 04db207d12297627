import { isIP } from 'node:net';

/**
 * Which proxies in front of the api are believed about the client address
 * (`X-Forwarded-For`): none, the nearest `hops` ones, or those whose own
 * address is in one of the ranges. Never "everyone": then any client names
 * its own address by sending the header, and escapes every per-IP limit.
 */
export type TrustProxy = false | number | string[];

/** proxy-addr's (and so Fastify's) names for the private and loopback ranges. */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
export const MAX_PROXY_HOPS = 10;

export const TRUST_PROXY_FORMS =
  'TRUST_PROXY must be false, a hop count (1, 2, ... up to 10: how many proxies in front of the api append to ' +
  'X-Forwarded-For), or a comma-separated list of proxy addresses or CIDR ranges ' +
  '(e.g. 10.0.0.0/8,192.168.0.0/16,fd00::/8; also loopback, linklocal, uniquelocal)';

function isRange(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Reads `TRUST_PROXY`. `true` means one hop, as it effectively did behind the
 * single reverse proxy the README describes: trusting one hop takes the
 * right-most entry, which that proxy wrote, so a spoofed left-most one changes
 * nothing. Behind more proxies than counted, clients share the outer proxy's
 * address (too strict, never spoofable); count them or list their ranges.
 * Returns an error message instead of throwing, for the config validator.
 */
export function parseTrustProxy(raw: string): TrustProxy | { error: string } {
  const value = raw.trim().toLowerCase();
  if (['', 'false', 'no', 'off', '0'].includes(value)) return false;
  if (['true', 'yes', 'on'].includes(value)) return 1;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= MAX_PROXY_HOPS ? hops : { error: TRUST_PROXY_FORMS };
  }
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => !isRange(entry))) {
    const bad = entries.filter((entry) => !isRange(entry));
    return { error: `${TRUST_PROXY_FORMS}; not an address or range: ${bad.map((b) => `"${b}"`).join(', ')}` };
  }
  return entries;
}
