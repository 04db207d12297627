import { AppConfig } from '@cohost/config';
import { describeDatabaseUrl } from '@cohost/database';

/** Where a server listens, as `server.address()` and cluster's `listening` event report it. */
export interface ListenAddress {
  address: string;
  port: number;
}

/**
 * The URL a browser on this machine opens for a listening address: a
 * wildcard (`0.0.0.0`, `::`) is reached as `localhost`, an IPv6 address in
 * brackets.
 */
export function localUrl({ address, port }: ListenAddress): string {
  const host =
    address === '0.0.0.0' || address === '::' ? 'localhost' : address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${port}`;
}

/**
 * The line that says the api is up: the address and port it actually
 * listens on (not the configured ones: `PORT=0` picks a free port), the URL
 * to open, the public URL when links point elsewhere (a proxy, another
 * host), and the database.
 */
export function apiStartLine(config: AppConfig, listening: ListenAddress, processes = 1): string {
  const local = localUrl(listening);
  const publicUrl = config.http.publicBaseUrl;
  return [
    `cohost api listening on ${listening.address}:${listening.port}`,
    processes > 1 ? ` with ${processes} processes` : '',
    `: ${local}/`,
    publicUrl === local ? '' : ` (links point to ${publicUrl}/)`,
    `; API docs at ${local}/docs; database ${describeDatabaseUrl(config.database.url)}`,
  ].join('');
}
