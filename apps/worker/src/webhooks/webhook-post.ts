import type { CheckedTarget } from '@cohost/common';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/** What a receiver answered (or why there was no answer). */
export interface PostOutcome {
  statusCode: number | null;
  latencyMs: number;
  /** The first 1 KB of the response body. */
  excerpt: string | null;
  error: string | null;
}

const EXCERPT_BYTES = 1024;

/**
 * POSTs `body` to a checked target, connecting to the address that was
 * checked (the name is not resolved again, so DNS rebinding cannot swap in
 * a private address; TLS still verifies the certificate against the name).
 * Redirects are not followed (a 3xx is an answer like any other, and a
 * failure); the whole exchange is bounded by `timeoutMs`.
 */
export function postWebhook(
  target: CheckedTarget,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<PostOutcome> {
  const started = performance.now();
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<PostOutcome, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, latencyMs: Math.round(performance.now() - started) });
    };
    const request = client.request(
      target.url,
      {
        method: 'POST',
        lookup,
        agent: false,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'cohost-webhooks/1',
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(chunk);
          size += chunk.length;
          // Enough read: the rest of a long answer is not kept.
          if (size >= EXCERPT_BYTES) response.destroy();
        });
        const done = () =>
          finish({
            statusCode: response.statusCode ?? null,
            excerpt: excerptOf(Buffer.concat(chunks)),
            error: null,
          });
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      request.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    request.on('error', (error) => finish({ statusCode: null, excerpt: null, error: error.message }));
    request.end(body);
  });
}

/** The first 1 KB as text, cut at a whole character. */
function excerptOf(bytes: Buffer): string | null {
  if (bytes.length === 0) return null;
  return bytes
    .subarray(0, EXCERPT_BYTES)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
}
