import { randomUUID } from 'node:crypto';
import { registerThroughApi, settled } from './support/acceptance';
import { ConsoleEnv, ConsoleSession, organizerConsole, startConsoleEnv } from './support/console';
import { createCohostedEvent, CohostedEvent, sql } from './support/events';
import { createOrganizer, createPartner } from './support/factories';
import { eventually } from './support/mail-server';

/**
 * The invitation page of the organizer console over HTTP: a pasted list is
 * checked (new, already invited, already registered, invalid; repeats once)
 * and only the new addresses are invited, through the outbox and worker to
 * a test SMTP server; a list over 5,000 and malformed posts are refused in
 * place with the text kept; CSRF and the API's access matrix hold.
 */
describe('console invitations page over HTTP', () => {
  let env: ConsoleEnv;
  const { session, get, post } = organizerConsole(() => env.api);

  beforeAll(async () => {
    env = await startConsoleEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  async function setup(): Promise<
    CohostedEvent & { hostSession: ConsoleSession; cohostSession: ConsoleSession; path: string }
  > {
    const cohosted = await createCohostedEvent(env.api, {});
    return {
      ...cohosted,
      hostSession: await session(cohosted.hostOrganizer),
      cohostSession: await session(cohosted.cohostOrganizer),
      path: `/console/events/${cohosted.event.id}/invitations`,
    };
  }

  const count = (html: string, name: string) => {
    const match = new RegExp(`data-count="${name}">(\\d+)<`).exec(html);
    if (!match) throw new Error(`no ${name} count in the page`);
    return Number(match[1]);
  };
  const counts = (html: string) =>
    Object.fromEntries(
      ['entries', 'repeats', 'fresh', 'invited', 'registered', 'invalid'].map((n) => [n, count(html, n)]),
    );
  const freshField = (html: string) => {
    const match = /name="addresses" value="([^"]*)"/.exec(html);
    if (!match) throw new Error('no send form');
    return match[1];
  };
  const invitationRows = async (eventId: string) =>
    (await sql<{ n: number }>(env.api, 'SELECT count(*)::int AS n FROM invitations WHERE event_id = $1', [eventId]))[0]
      .n;
  const invitationMails = async (address: string) =>
    (await env.smtp.parsedFor(address)).filter((m) => /invit|招待/i.test(m.subject ?? '')).length;

  it('counts new, invited, registered and invalid addresses, then invites only the new ones (each gets one email)', async () => {
    const { event, hostOrganizer, hostSession: host, path } = await setup();
    const tag = randomUUID().slice(0, 8);
    const registrant = await registerThroughApi(env.api, event);
    const old = `old-${tag}@example.org`;
    await env.api.http
      .post(`/api/v1/events/${event.id}/invitations`)
      .set(hostOrganizer.headers)
      .send({ emails: [old] })
      .expect(202);
    await eventually(async () => (await invitationMails(old)) === 1, 15_000);
    await settled(env.api, event.id);

    const fresh = [`new1-${tag}@example.org`, `new2-${tag}@example.org`, `new3-${tag}@example.org`];
    const pasted = [
      fresh[0],
      fresh[0].toUpperCase(), // the same address
      `${fresh[1]}; ${old.toUpperCase()}, ${registrant.email.toUpperCase()}`,
      // fullwidth spelling of new3: normalised as the API does
      fresh[2].replace(/[a-z0-9@.-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
      '',
      'not-an-address',
      `zero\u200bwidth-${tag}@example.org`,
      'not-an-address',
    ].join('\n');

    const page = await get(path, host).set('Accept-Language', 'en').expect(200);
    expect(page.text).toContain('Invitations: ');
    expect(page.text).toContain(old);
    const before = await invitationRows(event.id);

    const checked = await post(`${path}/check`, host, { _csrf: host.csrf, addresses: pasted })
      .set('Accept-Language', 'en')
      .expect(200);
    expect(counts(checked.text)).toEqual({ entries: 9, repeats: 2, fresh: 3, invited: 1, registered: 1, invalid: 2 });
    expect(checked.text).toContain('not-an-address</span>: <span lang="en">must be an email address');
    expect(checked.text).toContain(
      `zero&lt;U+200B&gt;width-${tag}@example.org</span>: <span lang="en">must not contain invisible or control characters`,
    );
    expect(checked.text).toContain('Send invitations to the 3 new addresses');
    expect(freshField(checked.text).split(',')).toEqual(fresh);
    expect(await invitationRows(event.id)).toBe(before); // checking sends nothing

    const ja = await post(`${path}/check`, host, { _csrf: host.csrf, addresses: pasted })
      .set('Accept-Language', 'ja')
      .expect(200);
    expect(counts(ja.text)).toEqual(counts(checked.text));
    expect(ja.text).toContain('新しい 3 件のアドレスに招待を送信');

    const sent = await post(`${path}/send`, host, { _csrf: host.csrf, addresses: freshField(checked.text) })
      .set('Accept-Language', 'en')
      .expect(200);
    expect(sent.text).toContain('data-sent="3"');
    expect(sent.text).toContain('Invitations are on their way to 3 new addresses.');

    await eventually(async () => (await Promise.all(fresh.map(invitationMails))).every((n) => n >= 1), 20_000);
    await settled(env.api, event.id);
    for (const address of fresh) {
      const mails = await env.smtp.parsedFor(address);
      expect([address, mails.length]).toEqual([address, 1]);
      expect(mails[0].text).toMatch(/code=/);
    }
    expect(await invitationMails(old)).toBe(1);
    expect(await invitationMails(registrant.email)).toBe(0);

    // Sending the same list again invites nobody (all are invited now).
    const again = await post(`${path}/send`, host, { _csrf: host.csrf, addresses: pasted }).expect(200);
    expect(again.text).toContain('data-sent="0"');
    await settled(env.api, event.id);
    expect(await Promise.all(fresh.map(invitationMails))).toEqual([1, 1, 1]);

    // The list: each invitation with its delivery status from the outbox.
    await eventually(async () => {
      const list = await get(path, host).expect(200);
      return fresh.every((a) => list.text.includes(`data-email="${a}" data-status="sent"`));
    }, 15_000);
    const list = await get(path, host).set('Accept-Language', 'ja').expect(200);
    expect(list.text).toContain('招待 4 件 · 1 ページ中 1 ページ目');
    expect(list.text).toContain(`data-email="${old}" data-status="sent"`);
  });

  it('refuses more than 5,000 addresses with a clear message, keeping the text', async () => {
    const { event, hostSession: host, path } = await setup();
    const many = Array.from({ length: 5001 }, (_, i) => `g${i}@example.org`).join('\n');
    const refused = await post(`${path}/check`, host, { _csrf: host.csrf, addresses: many })
      .set('Accept-Language', 'en')
      .expect(400);
    expect(refused.text).toContain('At most 5000 addresses at once; this list has 5001.');
    expect(refused.text).toContain('g5000@example.org</textarea>');
    const ja = await post(`${path}/send`, host, { _csrf: host.csrf, addresses: many })
      .set('Accept-Language', 'ja')
      .expect(400);
    expect(ja.text).toContain('一度に 5000 件までです。このリストには 5001 件あります。');
    expect(await invitationRows(event.id)).toBe(0);

    // Exactly 5,000 is fine.
    const fine = await post(`${path}/check`, host, {
      _csrf: host.csrf,
      addresses: many.replace(/\ng5000@example.org$/, ''),
    }).expect(200);
    expect(count(fine.text, 'fresh')).toBe(5000);
  });

  it('pages the invitation list, 50 a page', async () => {
    const { event, hostOrganizer, hostSession: host, path } = await setup();
    const emails = Array.from({ length: 60 }, (_, i) => `p${String(i).padStart(2, '0')}-${event.id}@example.org`);
    await env.api.http
      .post(`/api/v1/events/${event.id}/invitations`)
      .set(hostOrganizer.headers)
      .send({ emails })
      .expect(202);
    const rows = (html: string) => [...html.matchAll(/data-testid="inv-row" data-email="([^"]+)"/g)].map((m) => m[1]);
    const first = await get(path, host).set('Accept-Language', 'en').expect(200);
    expect(first.text).toContain('60 invitations · page 1 of 2');
    expect(rows(first.text)).toHaveLength(50);
    expect(first.text).toContain(`href="${path}?page=2" rel="next"`);
    const second = await get(`${path}?page=2`, host).set('Accept-Language', 'en').expect(200);
    expect(rows(second.text)).toHaveLength(10);
    expect(new Set([...rows(first.text), ...rows(second.text)])).toEqual(new Set(emails));
    expect(second.text).toContain(`href="${path}?page=1" rel="prev"`);
    expect(second.text).not.toContain('rel="next"');
    expect(rows((await get(`${path}?page=x1`, host).expect(200)).text)).toEqual(rows(first.text));
  });

  it('refuses malformed posts in place (missing, repeated, huge, empty), CSRF and other partners', async () => {
    const { event, hostSession: host, path } = await setup();
    const en = (fields: Record<string, string | string[]>, to = `${path}/check`) =>
      post(to, host, { _csrf: host.csrf, ...fields }).set('Accept-Language', 'en');

    expect((await en({}).expect(400)).text).toContain('The form has no address field');
    const repeated = await en({ addresses: ['a@example.org', 'b@example.org'] }).expect(400);
    expect(repeated.text).toContain('Send the addresses in one field only.');
    expect(repeated.text).toContain('a@example.org\nb@example.org</textarea>');
    expect((await en({ addresses: ' \n ;, ' }).expect(400)).text).toContain('Paste at least one email address.');
    const huge = await en({ addresses: 'x'.repeat(1_400_000) }).expect(400);
    expect(huge.text).toContain('The list is too long');
    const invisible = await en({ addresses: 'a\u00adb@example.org\n\u202eevil@example.org' }).expect(200);
    expect(count(invisible.text, 'invalid')).toBe(2);
    expect(count(invisible.text, 'fresh')).toBe(0);
    expect(invisible.text).not.toContain('data-testid="inv-send-form"');

    // Without the form token: 403, nothing sent.
    await post(`${path}/send`, host, { addresses: 'c@example.org' }).expect(403);
    // Another partner's organizer: the API's access matrix (403 on a published event).
    const stranger = await createOrganizer(env.api, await createPartner(env.api));
    const strangerSession = await session(stranger);
    await get(path, strangerSession).expect(403);
    await post(`${path}/send`, strangerSession, { _csrf: strangerSession.csrf, addresses: 'c@example.org' }).expect(
      403,
    );
    expect(await invitationRows(event.id)).toBe(0);
  });

  it('a draft cannot invite yet (409 in place); a co-host sees only its own invitations and consenting registrants', async () => {
    const draft = await createCohostedEvent(env.api, { publish: false });
    const draftHost = await session(draft.hostOrganizer);
    const draftPath = `/console/events/${draft.event.id}/invitations`;
    const refused = await post(`${draftPath}/check`, draftHost, { _csrf: draftHost.csrf, addresses: 'a@example.org' })
      .set('Accept-Language', 'en')
      .expect(409);
    expect(refused.text).toContain('Publish the event before inviting');
    expect(refused.text).toContain('a@example.org</textarea>');
    const draftPage = await get(`/console/events/${draft.event.id}`, draftHost).expect(200);
    expect(draftPage.text).not.toContain('data-testid="invitations-link"');

    const { event, hostOrganizer, cohostSession: cohost, hostSession: host, path } = await setup();
    const eventPage = await get(`/console/events/${event.id}`, cohost).expect(200);
    expect(eventPage.text).toContain(`href="${path}"`);
    const tag = randomUUID().slice(0, 8);
    const shared = await registerThroughApi(env.api, event, { consent: { shareWithCohosts: true } });
    const unshared = await registerThroughApi(env.api, event, { consent: { shareWithCohosts: false } });
    const byHost = `byhost-${tag}@example.org`;
    await env.api.http
      .post(`/api/v1/events/${event.id}/invitations`)
      .set(hostOrganizer.headers)
      .send({ emails: [byHost] })
      .expect(202);
    const addresses = [shared.email, unshared.email, byHost].join('\n');
    const asHost = await post(`${path}/check`, host, { _csrf: host.csrf, addresses }).expect(200);
    expect(counts(asHost.text)).toMatchObject({ registered: 2, invited: 1, fresh: 0 });
    const asCohost = await post(`${path}/check`, cohost, { _csrf: cohost.csrf, addresses }).expect(200);
    expect(counts(asCohost.text)).toMatchObject({ registered: 1, invited: 0, fresh: 2 });
    const cohostList = await get(path, cohost).expect(200);
    expect(cohostList.text).not.toContain(byHost);
    expect((await get(path, host).expect(200)).text).toContain(byHost);
  });
});
