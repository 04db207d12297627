import { OrganizerEntity } from '@cohost/database';
import type { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { SESSION_COOKIE } from '../../apps/api/src/console/console-paths';
import { ConsoleRolesService } from '../../apps/api/src/console/session/console-roles.service';
import { SessionsService } from '../../apps/api/src/console/session/sessions.service';
import { ApiHarness, startApi } from './api-harness';
import { listen } from './browser';
import { addMailPipeline, MailPipeline } from './mail-pipeline';
import { eventually, TestSmtpServer } from './mail-server';
import { openForm, postForm } from './pages';

/** What a test needs to use the console over HTTP: the session cookie and the session's CSRF token. */
export interface ConsoleSession {
  /** `Cookie` header value. */
  cookie: string;
  /** The session's `_csrf` for console forms. */
  csrf: string;
  /** The cookie's secret (for a browser context: {@link addSessionCookie}). */
  secret: string;
}

/** The api listening on a port, the worker sending through a test SMTP server, links pointing at the api. */
export interface ConsoleEnv extends MailPipeline {
  /** `http://127.0.0.1:<port>`: PUBLIC_BASE_URL of the worker, so links in emails open this api. */
  base: string;
}

/** Starts api + SMTP + worker for console tests; sign-in limits raised unless `env` sets them. */
export async function startConsoleEnv(env: Record<string, string> = {}): Promise<ConsoleEnv> {
  const api = await startApi({ RATE_LIMIT_SIGN_IN_PER_MIN: '1000', RATE_LIMIT_SIGN_IN_EMAIL_PER_HOUR: '1000', ...env });
  const base = await listen(api);
  return { ...(await addMailPipeline(api, { PUBLIC_BASE_URL: base })), base };
}

/** Records a hub admin (what `npm run cli -- add-admin` does). */
export async function addAdmin(api: ApiHarness, email: string): Promise<void> {
  await api.app.get(DataSource).query(`INSERT INTO hub_admins (email) VALUES ($1) ON CONFLICT DO NOTHING`, [email]);
}

const LINK = /https?:\/\/[^\s]+\/console\/sign-in\/confirm\?token=[A-Za-z0-9_%-]+/;

/** The sign-in link of the newest sign-in email to `email` after `before` messages to it. */
export async function signInLinkFor(smtp: TestSmtpServer, email: string, before: number): Promise<URL> {
  await eventually(async () => (await smtp.parsedFor(email)).length > before, 15_000);
  const mails = await smtp.parsedFor(email);
  const text = mails[mails.length - 1].text ?? '';
  const match = LINK.exec(text);
  if (!match) throw new Error(`no sign-in link in:\n${text}`);
  return new URL(match[0]);
}

function isPage(target: Page | ApiHarness): target is Page {
  return typeof (target as Page).goto === 'function';
}

/**
 * Signs in through the real email: asks for a link on the sign-in page,
 * takes it from the message the test SMTP server received (sent by the
 * worker), opens it and presses "Sign in". With a playwright `Page`, the
 * page ends signed in (on the role's first page or the role chooser); with
 * the api harness, the session is returned.
 */
export async function signInThroughLink(target: Page, env: ConsoleEnv, email: string): Promise<void>;
export async function signInThroughLink(target: ApiHarness, env: ConsoleEnv, email: string): Promise<ConsoleSession>;
export async function signInThroughLink(
  target: Page | ApiHarness,
  env: ConsoleEnv,
  email: string,
): Promise<ConsoleSession | void> {
  const before = (await env.smtp.parsedFor(email)).length;
  if (isPage(target)) {
    await target.goto('/console/sign-in');
    await target.fill('#f-email', email);
    await Promise.all([target.waitForURL(/\/console\/sign-in$/), target.click('main form button[type=submit]')]);
    const link = await signInLinkFor(env.smtp, email, before);
    await target.goto(`${link.pathname}${link.search}`);
    await Promise.all([
      target.waitForURL((url) => url.pathname !== '/console/sign-in/confirm'),
      target.click('main form button[type=submit]'),
    ]);
    return;
  }
  const api = target;
  const form = await openForm(api, '/console/sign-in');
  const sent = await postForm(api, '/console/sign-in', form, { _csrf: form.csrf, email });
  if (sent.status !== 200) throw new Error(`sign-in request: ${sent.status}`);
  const link = await signInLinkFor(env.smtp, email, before);
  const confirm = await openForm(api, `${link.pathname}${link.search}`);
  const done = await postForm(api, '/console/sign-in/confirm', confirm, {
    _csrf: confirm.csrf,
    token: link.searchParams.get('token') ?? '',
  });
  if (done.status !== 303) throw new Error(`sign-in confirm: ${done.status} ${done.text}`);
  const secret = sessionSecretOf(done.headers['set-cookie']);
  return sessionFor(api, secret);
}

function sessionSecretOf(setCookie: string | string[] | undefined): string {
  for (const line of ([] as string[]).concat(setCookie ?? [])) {
    const match = new RegExp(`^${SESSION_COOKIE}=([^;]+)`).exec(line);
    if (match) return match[1];
  }
  throw new Error('no session cookie set');
}

async function sessionFor(api: ApiHarness, secret: string): Promise<ConsoleSession> {
  const session = await api.app.get(SessionsService).resolve(secret);
  if (!session) throw new Error('the session cookie does not resolve');
  return { cookie: `${SESSION_COOKIE}=${secret}`, csrf: session.csrfToken, secret };
}

/**
 * A session without the email round trip, for tests that are not about
 * signing in. `admin` records the address as hub admin; `organizer` needs
 * the organizer's id (an active organizer with that email).
 */
export async function consoleSessionCookie(
  api: ApiHarness,
  who: { email: string; role: 'admin' | 'organizer'; organizerId?: string },
): Promise<ConsoleSession> {
  const dataSource = api.app.get(DataSource);
  if (who.role === 'admin') await addAdmin(api, who.email);
  else {
    const organizer = await dataSource.manager.findOneBy(OrganizerEntity, { id: who.organizerId });
    if (!organizer) throw new Error(`no organizer ${who.organizerId}`);
  }
  const options = await api.app.get(ConsoleRolesService).rolesOf(who.email);
  const option = options.find((o) =>
    who.role === 'admin' ? o.role === 'admin' : o.role === 'organizer' && o.organizerId === who.organizerId,
  );
  if (!option) throw new Error(`${who.email} has no ${who.role} role`);
  const secret = await api.app.get(SessionsService).create(who.email, option);
  return sessionFor(api, secret);
}

/** Puts a session into a browser context (for tests that skip the email). */
export async function addSessionCookie(context: BrowserContext, base: string, session: ConsoleSession): Promise<void> {
  const { hostname } = new URL(base);
  await context.addCookies([{ name: SESSION_COOKIE, value: session.secret, domain: hostname, path: '/console' }]);
}

/**
 * An organizer's console session and its requests, for HTTP tests: GET, and
 * form POSTs with repeated fields for arrays (the caller puts `_csrf` in the
 * fields, so a test can also leave it out). `api` is read at call time, so
 * it may be started in a `beforeAll`.
 */
export function organizerConsole(api: () => ApiHarness) {
  return {
    session: (organizer: { id: string; email: string }) =>
      consoleSessionCookie(api(), { email: organizer.email, role: 'organizer', organizerId: organizer.id }),
    get: (path: string, s: ConsoleSession) => api().http.get(path).set('Cookie', s.cookie),
    post: (path: string, s: ConsoleSession, fields: Record<string, string | string[]>) =>
      api()
        .http.post(path)
        .set('Cookie', s.cookie)
        .type('form')
        .send(
          new URLSearchParams(
            Object.entries(fields).flatMap(([k, v]) => [v].flat().map((x): [string, string] => [k, x])),
          ).toString(),
        ),
  };
}

/**
 * GET and form POST as a console session (`_csrf` added from it), `session`
 * defaulting to `fallback()`: read at call time, so both may be set in a
 * `beforeAll`.
 */
export function consoleRequests(api: () => ApiHarness, fallback: () => ConsoleSession) {
  return {
    get: (path: string, session: ConsoleSession = fallback()) => api().http.get(path).set('Cookie', session.cookie),
    post: (path: string, fields: Record<string, string>, session: ConsoleSession = fallback()) =>
      api()
        .http.post(path)
        .set('Cookie', session.cookie)
        .type('form')
        .send({ _csrf: session.csrf, ...fields }),
  };
}

/** Removes the `_csrf` field of the page's form matching `formSelector` (the form then posts without it). */
export async function dropCsrfField(page: Page, formSelector: string): Promise<void> {
  const removed = await page.evaluate(
    `(() => { const f = document.querySelector(${JSON.stringify(`${formSelector} input[name="_csrf"]`)}); if (f) f.remove(); return !!f; })()`,
  );
  if (!removed) throw new Error(`no _csrf field in ${formSelector}`);
}

/**
 * Builds a form in the page posting `fields` to `action`, with the page's
 * own CSRF token (from its first `_csrf` field: the session's), submits it
 * as a browser would and answers the navigation's response.
 */
export async function postHandMadeForm(page: Page, action: string, fields: Record<string, string>) {
  const script = `(() => {
    const form = document.createElement('form');
    form.method = 'post';
    form.action = ${JSON.stringify(action)};
    const csrf = document.querySelector('input[name="_csrf"]').value;
    for (const [name, value] of Object.entries({ _csrf: csrf, ...${JSON.stringify(fields)} })) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value;
      form.append(input);
    }
    document.body.append(form);
    form.submit();
  })()`;
  const [response] = await Promise.all([page.waitForNavigation(), page.evaluate(script)]);
  return response!;
}
