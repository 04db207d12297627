import { readLinkKey } from '@cohost/database';
import { signAddressLink } from '@cohost/domain';
import { unique } from '@cohost/testing';
import { DataSource } from 'typeorm';
import { registerThroughApi, settled } from './support/acceptance';
import { ConsoleEnv, ConsoleSession, consoleRequests, consoleSessionCookie, startConsoleEnv } from './support/console';
import { createCohostedEvent, futureSpan, sql } from './support/events';
import { eventually } from './support/mail-server';

/**
 * The hub admin's privacy pages over HTTP: erasure in two steps (what would
 * be erased, then erased; later email skipped), the audit log listing it
 * (filters, paging), and suppressed addresses (an unsubscribe and a hard
 * bounce, lifted after a confirmation).
 */
describe('console privacy pages (hub admin)', () => {
  let env: ConsoleEnv;
  let admin: ConsoleSession;
  const requests = consoleRequests(
    () => env.api,
    () => admin,
  );
  const get = (path: string, s?: ConsoleSession) => requests.get(path, s).set('Accept-Language', 'en');
  const post = (path: string, fields: Record<string, string>, s?: ConsoleSession) =>
    requests.post(path, fields, s).set('Accept-Language', 'en');
  let adminEmail: string;

  beforeAll(async () => {
    env = await startConsoleEnv();
    adminEmail = `${unique('admin')}@hub.example`;
    admin = await consoleSessionCookie(env.api, { email: adminEmail, role: 'admin' });
  });
  afterAll(() => env?.close());

  it('erases a person in two steps, shows the count, and a later email to them is skipped', async () => {
    const { event, hostOrganizer } = await createCohostedEvent(env.api);
    const email = `${unique('erase')}@example.org`;
    const person = await registerThroughApi(env.api, event, { email, name: 'Erase Me Please' });
    await settled(env.api, event.id);
    const mailsBefore = (await env.smtp.parsedFor(email)).length;
    expect(mailsBefore).toBe(1);

    expect((await get('/console/admin/erasure').expect(200)).text).toContain('Show what would be erased');
    for (const bad of ['', 'not an address', 'a@b', `"x"@example.org`]) {
      const res = await post('/console/admin/erasure', { email: bad });
      expect([bad, res.status]).toEqual([bad, 400]);
      expect(res.text).toContain('Enter one email address');
    }
    await requests
      .post('/console/admin/erasure/confirm', { email: 'x@example.org' })
      .set('Accept-Language', 'en')
      .expect(200); // an address nobody has: nothing to erase, nothing refused
    await env.api.http
      .post('/console/admin/erasure/confirm')
      .set('Cookie', admin.cookie)
      .type('form')
      .send({ email })
      .expect(403); // no CSRF token

    const preview = await post('/console/admin/erasure', { email: email.toUpperCase() }).expect(200);
    expect(preview.text).toContain('1 registration(s) and 0 invitation(s)');
    expect(preview.text).toContain(`value="${email}"`);
    expect(await sql(env.api, `SELECT email FROM registrations WHERE id = $1`, [person.id])).toEqual([{ email }]);

    const done = await post('/console/admin/erasure/confirm', { email }).expect(200);
    expect(done.text).toContain('1 registration(s) and 0 invitation(s) erased');
    expect(await sql(env.api, `SELECT email, name FROM registrations WHERE id = $1`, [person.id])).toEqual([
      { email: `erased-${person.id}@invalid`, name: 'erased' },
    ]);

    // A reschedule after the erasure writes an update for the registration: it is skipped, nothing is sent.
    await env.api.http.patch(`/api/v1/events/${event.id}`).set(hostOrganizer.headers).send(futureSpan(40)).expect(200);
    await eventually(async () => {
      const rows = await sql<{ status: string }>(
        env.api,
        `SELECT status FROM notifications WHERE registration_id = $1 AND kind = 'event.updated'`,
        [person.id],
      );
      return rows.length === 1 && rows[0].status === 'skipped';
    }, 15_000);
    expect((await env.smtp.parsedFor(email)).length).toBe(mailsBefore);

    // The audit log lists the erasure under the admin's address, with the registration's id (never the address).
    const audit = await get(`/console/admin/audit?action=erasure&actor=${encodeURIComponent(adminEmail)}`).expect(200);
    expect(audit.text).toContain(person.id);
    expect(audit.text).toMatch(new RegExp(`data-testid="actor-id">${adminEmail.replace(/\./g, '\\.')}<`));
    expect(audit.text).not.toContain(email);
    const other = await get('/console/admin/audit?action=erasure&actor=nobody%40hub.example').expect(200);
    expect(other.text).not.toContain(person.id);
    expect(other.text).toContain('No entries.');
    const viewed = await get(`/console/admin/audit?event=${event.id}`).expect(200);
    expect(viewed.text).not.toContain('data-testid="action">erasure<');
  });

  it('refuses a bad audit filter with 400 and keeps the page usable', async () => {
    for (const query of ['event=not-a-uuid', 'action=registrants.delete', `actor=${encodeURIComponent('a\u0007b')}`]) {
      const res = await get(`/console/admin/audit?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.text).toContain('Check the filter');
    }
  });

  it('pages the audit log, 50 entries a page, keeping the filter', async () => {
    const actor = `${unique('pager')}@hub.example`;
    await sql(
      env.api,
      `INSERT INTO audit_log (actor_kind, actor_id, action, at)
       SELECT 'admin', $1, 'agreement.create', now() - make_interval(secs => n) FROM generate_series(1, 55) AS n`,
      [actor],
    );
    const q = `actor=${encodeURIComponent(actor)}`;
    const first = await get(`/console/admin/audit?${q}`).expect(200);
    expect(first.text.split('data-testid="entry"').length - 1).toBe(50);
    expect(first.text).toContain(`href="/console/admin/audit?actor=${encodeURIComponent(actor)}&amp;page=2"`);
    const second = await get(`/console/admin/audit?${q}&page=2`).expect(200);
    expect(second.text.split('data-testid="entry"').length - 1).toBe(5);
  });

  it('lists suppressed addresses (an unsubscribe and a hard bounce, with reason and date) and lifts one after a confirmation', async () => {
    const unsubscribed = `${unique('unsub')}@example.org`;
    const bounced = `${unique('bounce')}@example.org`;
    // An unsubscribe through the one-click link, as a mail provider would post it.
    const key = await readLinkKey(env.api.app.get(DataSource).manager);
    await env.api.http
      .post(`/unsubscribe?token=${signAddressLink(key, 'unsubscribe', unsubscribed)}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    // A hard bounce: the mail server refuses the confirmation with 550.
    env.smtp.behave({ reject: [bounced] });
    try {
      const { event } = await createCohostedEvent(env.api);
      await registerThroughApi(env.api, event, { email: bounced });
      await eventually(
        async () => (await sql(env.api, `SELECT 1 FROM mail_suppressions WHERE address = $1`, [bounced])).length === 1,
        15_000,
      );
    } finally {
      env.smtp.behave({});
    }

    const list = await get('/console/admin/suppressions').expect(200);
    const rowOf = (address: string) => {
      const at = list.text.indexOf(`data-testid="address">${address}<`);
      return list.text.slice(at, list.text.indexOf('</tr>', at));
    };
    expect(rowOf(unsubscribed)).toContain('data-testid="reason">Unsubscribed<');
    expect(rowOf(bounced)).toContain('data-testid="reason">Hard bounce<');
    expect(rowOf(bounced)).toMatch(/550/);
    expect(rowOf(bounced)).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}T/);
    const ja = await requests.get('/console/admin/suppressions').set('Accept-Language', 'ja').expect(200);
    expect(ja.text).toContain('ハードバウンス');
    expect(ja.text).toContain('配信停止');

    const confirm = await get(`/console/admin/suppressions/remove?address=${encodeURIComponent(bounced)}`).expect(200);
    expect(confirm.text).toContain('Remove the suppression');
    expect(await sql(env.api, `SELECT 1 FROM mail_suppressions WHERE address = $1`, [bounced])).toHaveLength(1);
    await env.api.http
      .post('/console/admin/suppressions/remove')
      .set('Cookie', admin.cookie)
      .type('form')
      .send({ address: bounced })
      .expect(403);
    await post('/console/admin/suppressions/remove', { address: bounced })
      .expect(303)
      .expect('location', `/console/admin/suppressions?removed=${encodeURIComponent(bounced)}`);
    expect(await sql(env.api, `SELECT 1 FROM mail_suppressions WHERE address = $1`, [bounced])).toHaveLength(0);
    const after = await get(`/console/admin/suppressions?removed=${encodeURIComponent(bounced)}`).expect(200);
    expect(after.text).toContain(`Bulk mail goes to ${bounced} again.`);
    expect(after.text).not.toContain(`data-testid="address">${bounced}<`);
    expect(after.text).toContain(`data-testid="address">${unsubscribed}<`);
    // Nothing left to lift, or not an address: 404.
    await post('/console/admin/suppressions/remove', { address: bounced }).expect(404);
    await get(`/console/admin/suppressions/remove?address=${encodeURIComponent(bounced)}`).expect(404);
    await get('/console/admin/suppressions/remove?address=%3Cscript%3E').expect(404);
    await post('/console/admin/suppressions/remove', { address: 'no address' }).expect(404);
  });

  it('keeps organizers out of the admin pages (403) and links them from the admin navigation', async () => {
    const { hostOrganizer } = await createCohostedEvent(env.api, { publish: false });
    const organizer = await consoleSessionCookie(env.api, {
      email: hostOrganizer.email,
      role: 'organizer',
      organizerId: hostOrganizer.id,
    });
    for (const path of ['/console/admin/erasure', '/console/admin/audit', '/console/admin/suppressions']) {
      await get(path, organizer).expect(403);
    }
    await post('/console/admin/erasure/confirm', { email: 'x@example.org', _csrf: organizer.csrf }, organizer).expect(
      403,
    );
    const nav = (await get('/console/admin/partners').expect(200)).text;
    for (const path of ['/console/admin/erasure', '/console/admin/audit', '/console/admin/suppressions']) {
      expect(nav).toContain(`href="${path}"`);
    }
  });
});
