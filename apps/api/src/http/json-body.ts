import { BadRequestException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { isUtf8 } from 'node:buffer';
import type { Server } from 'node:http';

/**
 * Deeper than any body of the API needs (three levels: an event, its title,
 * a language), far below what would exhaust the stack of class-transformer
 * and class-validator, which walk bodies recursively.
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether the JSON text in `body` nests objects and arrays deeper than
 * `max`. One pass over the bytes, no allocation; brackets inside strings do
 * not count. Needs no well-formed input: an unbalanced text is judged by
 * the depth it reaches, and the parser refuses the rest.
 */
export function exceedsJsonDepth(body: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

const refused = (code: string, message: string) => new BadRequestException({ message, code });

/**
 * The JSON body parser: Fastify's own (which refuses `__proto__` and
 * `constructor.prototype` keys), after two checks on the raw bytes that
 * the text can no longer show once decoded:
 *
 * - not UTF-8 (RFC 8259 requires it): refused, where decoding would have
 *   replaced the bad bytes with U+FFFD and stored a name nobody typed;
 * - nested deeper than `MAX_JSON_DEPTH`: refused before any recursive walk
 *   (class-transformer overflowed its stack on a few thousand `[`);
 *
 * and one on the result: every body of this API is a JSON object, so an
 * array, a string, a number or `null` is refused here, with one message.
 * Both byte checks are linear and cheap next to JSON.parse itself: measured
 * on this project's machine, about 0.05 µs (UTF-8) and 0.5-1 µs (depth)
 * for a 190-byte registration body whose JSON.parse takes about 2 µs, and
 * about 1 ms of depth scan for an invitation list of 10,000 addresses
 * (230 KB); a registration costs a few hundred µs of CPU in all.
 */
export function useJsonBodyParser(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const { onProtoPoisoning, onConstructorPoisoning, bodyLimit } = fastify.initialConfig;
  const parse = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  app.useBodyParser<Server>('application/json', { bodyLimit }, (request, body, done) => {
    if (!isUtf8(body)) return done(refused('BODY_NOT_UTF8', 'The request body is not valid UTF-8'), undefined);
    if (exceedsJsonDepth(body)) {
      return done(refused('BODY_TOO_DEEP', `The request body nests deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    }
    // secure-json-parse takes the Buffer as it is (Fastify's typing says string).
    parse(request, body as unknown as string, (error, parsed) => {
      if (error) return done(error, undefined);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return done(refused('BODY_NOT_OBJECT', 'The request body must be a JSON object'), undefined);
      }
      done(null, parsed);
    });
  });
}
