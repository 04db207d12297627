import { BadRequestException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parse as parseQuery } from 'fast-querystring';
import { isUtf8 } from 'node:buffer';
import type { Server } from 'node:http';

/**
 * Whether every name and value of an `application/x-www-form-urlencoded`
 * body decodes to UTF-8 text: browsers percent-encode form fields as UTF-8,
 * so `%FF`, a cut sequence (`%E3%81`) or a stray `%` (`%zz`) comes from
 * something else. Decoding would have stored either U+FFFD or the escape
 * itself as typed text; the body is refused instead, as a JSON body is.
 */
export function isUtf8FormBody(body: Buffer): boolean {
  if (!isUtf8(body)) return false;
  const text = body.toString('utf8');
  if (!text.includes('%')) return true;
  for (const pair of text.split('&')) {
    for (const part of pair.split('=')) {
      if (!part.includes('%')) continue;
      try {
        decodeURIComponent(part);
      } catch {
        return false;
      }
    }
  }
  return true;
}

/**
 * The form body parser of the public pages and the console: the same
 * `fast-querystring` parse and prototype-key refusal as Nest's default, after
 * the UTF-8 check above (`BODY_NOT_UTF8`, 400).
 */
export function useFormBodyParser(app: NestFastifyApplication): void {
  const { bodyLimit } = app.getHttpAdapter().getInstance().initialConfig;
  app.useBodyParser<Server>('application/x-www-form-urlencoded', { bodyLimit }, (_request, body, done) => {
    if (!isUtf8FormBody(body)) {
      return done(
        new BadRequestException({ message: 'The form is not valid UTF-8', code: 'BODY_NOT_UTF8' }),
        undefined,
      );
    }
    const parsed = parseQuery(body.toString('utf8')) as Record<string, unknown>;
    if (Object.hasOwn(parsed, '__proto__')) {
      return done(new BadRequestException('Object contains forbidden prototype property'), undefined);
    }
    done(null, parsed);
  });
}
