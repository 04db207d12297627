import { unique } from '@cohost/testing';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { SESSION_COOKIE } from '../apps/api/src/console/console-paths';
import {
  addAdmin,
  consoleSessionCookie,
  ConsoleEnv,
  signInLinkFor,
  signInThroughLink,
  startConsoleEnv,
} from './support/console';
import { redisValues } from './support/acceptance';
import { startApi } from './support/api-harness';
import { createOrganizer, createPartner } from './support/factories';
import { eventually } from './support/mail-server';
import { openForm, postForm } from './support/pages';
import { BUILT, run } from './support/processes';

/**
 * Sign-in by email link and console sessions over HTTP: the link from the
 * email the worker sent to a test SMTP server, single use, expiry, the same
 * answer for unknown addresses, sign-out and CSRF. One environment for the file.
 */
describe('console sign-in and sessions', () => {
  let env: ConsoleEnv;
  const db = () => env.api.app.get(DataSource);

  beforeAll(async () => {
    env = await startConsoleEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  async function requestLink(email: string) {
    const form = await openForm(env.api, '/console/sign-in');
    return postForm(env.api, '/console/sign-in', form, { _csrf: form.csrf, email });
  }

  it('an admin signs in through the emailed link; GET of the link never signs in; the link works once', async () => {
    const email = `${unique('admin')}@hub.example`;
    await addAdmin(env.api, email);
    const sent = await requestLink(email);
    expect(sent.status).toBe(200);
    const link = await signInLinkFor(env.smtp, email, 0);
    expect(link.origin).toBe(env.base);
    const [mail] = await env.smtp.parsedFor(email);
    expect(mail.subject).toBe('cohost コンソールへのサインインリンク');

    // The stored hash, never the token.
    const token = link.searchParams.get('token')!;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const [row] = await db().query(
      `SELECT token_hash, expires_at - created_at AS ttl FROM console_sign_ins WHERE lower(email) = lower($1)`,
      [email],
    );
    expect(row.token_hash).toHaveLength(32);
    expect(
      JSON.stringify(await db().query(`SELECT data FROM notifications WHERE recipient = $1`, [email])),
    ).not.toContain(token);
    // Nor in the queue: the job carries the row's id only.
    const redis = new Redis(env.api.config.redis.url);
    try {
      const stored = await redisValues(redis, env.api.config.redis.queuePrefix);
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.join('\n')).not.toContain(token);
    } finally {
      redis.disconnect();
    }

    const page = await openForm(env.api, `${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.cookie).not.toContain(SESSION_COOKIE);
    expect(page.html).toContain('name="token"');

    const done = await postForm(env.api, '/console/sign-in/confirm', page, { _csrf: page.csrf, token });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/console/admin/partners');
    const cookie = ([] as string[]).concat(done.headers['set-cookie']).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).not.toMatch(/Secure/i);

    const home = await env.api.http.get('/console').set('Cookie', cookie.split(';')[0]);
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/console/admin/partners');

    const again = await openForm(env.api, `${link.pathname}${link.search}`);
    expect(again.status).toBe(404);
    const replay = await postForm(env.api, '/console/sign-in/confirm', page, { _csrf: page.csrf, token });
    expect(replay.status).toBe(404);
    expect(replay.headers['set-cookie'] ?? []).not.toEqual(
      expect.arrayContaining([expect.stringContaining(SESSION_COOKIE)]),
    );
  });

  it('an unknown address gets the same page and no email', async () => {
    const unknown = `${unique('nobody')}@example.org`;
    const known = `${unique('admin')}@hub.example`;
    await addAdmin(env.api, known);
    const a = await requestLink(unknown);
    const b = await requestLink(known);
    expect(a.status).toBe(b.status);
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '');
    expect(strip(a.text)).toBe(strip(b.text));
    await signInLinkFor(env.smtp, known, 0);
    // The known address's email went out after the unknown one was handled: none for the unknown one.
    await eventually(async () => {
      const [row] = await db().query(`SELECT status FROM notifications WHERE recipient = $1`, [unknown]);
      return row?.status === 'skipped';
    });
    expect(await env.smtp.parsedFor(unknown)).toHaveLength(0);
  });

  it('an expired link is refused', async () => {
    const email = `${unique('admin')}@hub.example`;
    await addAdmin(env.api, email);
    await requestLink(email);
    const link = await signInLinkFor(env.smtp, email, 0);
    await db().query(
      `UPDATE console_sign_ins SET expires_at = now() - interval '1 second' WHERE lower(email) = lower($1)`,
      [email],
    );
    const page = await openForm(env.api, `${link.pathname}${link.search}`);
    expect(page.status).toBe(404);
    const form = await openForm(env.api, '/console/sign-in');
    const done = await postForm(env.api, '/console/sign-in/confirm', form, {
      _csrf: form.csrf,
      token: link.searchParams.get('token')!,
    });
    expect(done.status).toBe(404);
  });

  it('sign-out ends the session on the server: the old cookie no longer works', async () => {
    const email = `${unique('admin')}@hub.example`;
    await addAdmin(env.api, email);
    const session = await signInThroughLink(env.api, env, email);
    expect((await env.api.http.get('/console').set('Cookie', session.cookie)).status).toBe(303);
    const out = await env.api.http
      .post('/console/sign-out')
      .set('Cookie', session.cookie)
      .type('form')
      .send({ _csrf: session.csrf });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/console/sign-in?signed-out=1');
    const after = await env.api.http.get('/console/role').set('Cookie', session.cookie);
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/console/sign-in');
  });

  it('a POST without or with a wrong CSRF token is refused with 403', async () => {
    const session = await consoleSessionCookie(env.api, { email: `${unique('admin')}@hub.example`, role: 'admin' });
    for (const body of [{}, { _csrf: 'x'.repeat(43) }, { _csrf: '' }]) {
      const res = await env.api.http.post('/console/sign-out').set('Cookie', session.cookie).type('form').send(body);
      expect(res.status).toBe(403);
      expect(res.text).toContain('<html');
    }
    const signIn = await env.api.http.post('/console/sign-in').type('form').send({ email: 'a@b.example' });
    expect(signIn.status).toBe(403);
  });

  it('a person who is an admin and an organizer picks the role after signing in and can switch', async () => {
    const email = `${unique('both')}@hub.example`;
    await addAdmin(env.api, email);
    const partner = await createPartner(env.api, { name: { en: 'Danish Embassy', ja: 'デンマーク大使館' } });
    await createOrganizer(env.api, partner, email);
    const session = await signInThroughLink(env.api, env, email);
    const home = await env.api.http.get('/console').set('Cookie', session.cookie);
    expect(home.headers.location).toBe('/console/role');
    const roles = await env.api.http.get('/console/role?lang=en').set('Cookie', session.cookie);
    expect(roles.status).toBe(200);
    expect(roles.text).toContain('Continue as Hub admin');
    expect(roles.text).toContain('Continue as Organizer, Danish Embassy');
    const organizerKey = /name="role" value="(organizer:[^"]+)"/.exec(roles.text)![1];
    const chosen = await env.api.http
      .post('/console/role')
      .set('Cookie', session.cookie)
      .type('form')
      .send({ _csrf: session.csrf, role: organizerKey });
    expect(chosen.status).toBe(303);
    expect(chosen.headers.location).toBe('/console/events');
    // A new session id; the old one is gone.
    const next = ([] as string[]).concat(chosen.headers['set-cookie']).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(next.split(';')[0]).not.toBe(session.cookie);
    expect((await env.api.http.get('/console').set('Cookie', session.cookie)).headers.location).toBe(
      '/console/sign-in',
    );
    expect((await env.api.http.get('/console').set('Cookie', next.split(';')[0])).headers.location).toBe(
      '/console/events',
    );
  });

  it('the CLI records an admin who can then sign in, and removes one, ending their sessions', async () => {
    const email = `${unique('first')}@hub.example`;
    const cliEnv = { DATABASE_URL: env.api.db.url, LOG_LEVEL: 'silent' };
    const add = run(BUILT.cli, ['add-admin', '--email', email], cliEnv);
    expect(await add.exited).toBe(0);
    expect(add.output()).toContain(`${email} is a hub admin`);
    const again = run(BUILT.cli, ['add-admin', '--email', email.toUpperCase()], cliEnv);
    expect(await again.exited).toBe(0);
    expect(again.output()).toContain('already is a hub admin');

    const session = await signInThroughLink(env.api, env, email);
    expect((await env.api.http.get('/console').set('Cookie', session.cookie)).headers.location).toBe(
      '/console/admin/partners',
    );
    const remove = run(BUILT.cli, ['remove-admin', '--email', email], cliEnv);
    expect(await remove.exited).toBe(0);
    expect((await env.api.http.get('/console').set('Cookie', session.cookie)).headers.location).toBe(
      '/console/sign-in',
    );
    const unknown = run(BUILT.cli, ['remove-admin', '--email', email], cliEnv);
    expect(await unknown.exited).toBe(1);
    const bad = run(BUILT.cli, ['add-admin', '--email', 'not an address'], cliEnv);
    expect(await bad.exited).toBe(2);
  });

  it('the CLI stores an admin in the normal form of the address, so a fullwidth or Unicode-domain address signs in', async () => {
    const cliEnv = { DATABASE_URL: env.api.db.url, LOG_LEVEL: 'silent' };
    const local = unique('zen').toLowerCase();
    // Typed on a Japanese keyboard: fullwidth letters, ＠ and ．, upper case.
    const fullwidth = `${local.toUpperCase()}@HUB.EXAMPLE`.replace(/[!-~]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) + 0xfee0),
    );
    const add = run(BUILT.cli, ['add-admin', '--email', fullwidth], cliEnv);
    expect(await add.exited).toBe(0);
    expect(add.output()).toContain(`${local}@hub.example is a hub admin`);
    const idn = `${local}@bücher.example`;
    const addIdn = run(BUILT.cli, ['add-admin', '--email', idn], cliEnv);
    expect(await addIdn.exited).toBe(0);
    expect(addIdn.output()).toContain(`${local}@xn--bcher-kva.example is a hub admin`);
    // The punycode form is the same admin.
    const again = run(BUILT.cli, ['add-admin', '--email', `${local}@xn--bcher-kva.example`], cliEnv);
    expect(await again.exited).toBe(0);
    expect(again.output()).toContain('already is a hub admin');
    const stored = await db().query(`SELECT email FROM hub_admins WHERE email LIKE $1 ORDER BY email`, [`${local}@%`]);
    expect(stored).toEqual([{ email: `${local}@hub.example` }, { email: `${local}@xn--bcher-kva.example` }]);

    // Typed in the sign-in form as the admin knows it (the form normalizes too; the test SMTP server
    // reports the recipient's domain in Unicode).
    for (const email of [`${local}@hub.example`, idn]) {
      const session = await signInThroughLink(env.api, env, email);
      expect((await env.api.http.get('/console').set('Cookie', session.cookie)).headers.location).toBe(
        '/console/admin/partners',
      );
    }
    const remove = run(BUILT.cli, ['remove-admin', '--email', fullwidth], cliEnv);
    expect(await remove.exited).toBe(0);
    expect(await db().query(`SELECT email FROM hub_admins WHERE email = $1`, [`${local}@hub.example`])).toEqual([]);
  }, 120_000);

  it('an idle or too old session ends, and a session is refused once its absolute end has passed', async () => {
    for (const stale of [`last_seen_at = now() - interval '721 minutes'`, `expires_at = now() - interval '1 second'`]) {
      const session = await consoleSessionCookie(env.api, { email: `${unique('admin')}@hub.example`, role: 'admin' });
      expect((await env.api.http.get('/console').set('Cookie', session.cookie)).status).toBe(303);
      await db().query(`UPDATE console_sessions SET ${stale} WHERE csrf_token = $1`, [session.csrf]);
      const res = await env.api.http.get('/console/admin/partners').set('Cookie', session.cookie);
      expect([stale, res.headers.location]).toEqual([stale, '/console/sign-in']);
      const [{ count }] = await db().query(
        `SELECT count(*)::int AS count FROM console_sessions WHERE csrf_token = $1`,
        [session.csrf],
      );
      expect(count).toBe(0);
    }
  });

  it('limits sign-in requests per address from any IP and per client IP (429)', async () => {
    const limited = await startApi({ RATE_LIMIT_SIGN_IN_PER_MIN: '3', RATE_LIMIT_SIGN_IN_EMAIL_PER_HOUR: '1' });
    try {
      const ask = async (email: string) => {
        const form = await openForm(limited, '/console/sign-in');
        return postForm(limited, '/console/sign-in', form, { _csrf: form.csrf, email });
      };
      const email = `${unique('someone')}@example.org`;
      expect((await ask(email)).status).toBe(200);
      const second = await ask(email.toUpperCase());
      expect(second.status).toBe(429);
      expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
      expect((await ask(`${unique('other')}@example.org`)).status).toBe(200);
      expect((await ask(`${unique('third')}@example.org`)).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('clears ended sessions nobody presents again when someone signs in', async () => {
    const forgotten = await consoleSessionCookie(env.api, { email: `${unique('admin')}@hub.example`, role: 'admin' });
    await db().query(`UPDATE console_sessions SET expires_at = now() - interval '1 second' WHERE csrf_token = $1`, [
      forgotten.csrf,
    ]);
    await consoleSessionCookie(env.api, { email: `${unique('admin')}@hub.example`, role: 'admin' });
    const [{ count }] = await db().query(`SELECT count(*)::int AS count FROM console_sessions WHERE csrf_token = $1`, [
      forgotten.csrf,
    ]);
    expect(count).toBe(0);
  });
});
