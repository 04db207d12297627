import { loadConfig } from '@cohost/config';
import type { FastifyReply } from 'fastify';
import type { SessionsService } from './sessions.service';
import { SessionCookie } from './session-cookie';

function cookieOf(publicBaseUrl: string) {
  const calls: Array<[string, string, Record<string, unknown>]> = [];
  const reply = { setCookie: (...args: [string, string, Record<string, unknown>]) => calls.push(args) };
  const sessions = { absoluteSeconds: 604_800 } as SessionsService;
  new SessionCookie(loadConfig({ PUBLIC_BASE_URL: publicBaseUrl }), sessions).set(
    reply as unknown as FastifyReply,
    'secret',
  );
  return calls[0];
}

describe('SessionCookie', () => {
  it('is HttpOnly, SameSite=Lax, for /console only, and lives as long as the session at most', () => {
    expect(cookieOf('http://localhost:3000')).toEqual([
      'cohost_console',
      'secret',
      { path: '/console', httpOnly: true, sameSite: 'lax', secure: false, maxAge: 604_800 },
    ]);
  });

  it('is Secure when PUBLIC_BASE_URL is https', () => {
    expect(cookieOf('https://cohost.example')[2]).toMatchObject({ secure: true });
  });
});
