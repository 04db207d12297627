import type { InviteDto } from '../apps/api/src/invitations/dto/invite.dto';
import { linkIn, registerThroughApi, settled } from './support/acceptance';
import type { ApiHarness } from './support/api-harness';
import { createCohostedEvent, sql } from './support/events';
import { eventually, TestSmtpServer } from './support/mail-server';
import { MailPipeline, startMailPipeline } from './support/mail-pipeline';

/** The token with one character of its MAC changed (never to itself, never only in unused bits). */
function altered(token: string): string {
  const at = token.length - 10;
  return `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
}

/**
 * CHECKLIST 47 end to end: an invitation carries RFC 8058 one-click
 * unsubscribe; a POST to its URL without any session or CSRF token
 * unsubscribes at once, and the next invitation to that address is skipped
 * with the reason. A 550 at send time suppresses the address the same way.
 */
describe('one-click unsubscribe and hard bounces (api -> worker -> SMTP)', () => {
  let env: MailPipeline;
  let api: ApiHarness;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    env = await startMailPipeline();
    ({ api, smtp } = env);
  });
  afterAll(() => env?.close());

  const invitationRows = (eventId: string, email: string) =>
    sql<{ status: string; last_error: string | null }>(
      api,
      `SELECT status, last_error FROM notifications WHERE event_id = $1 AND kind = 'invitation' AND recipient = $2 ORDER BY id`,
      [eventId, email],
    );

  it('unsubscribes by POST without a session; the next invitation is skipped', async () => {
    const { event, hostOrganizer } = await createCohostedEvent(api);
    const invite = (emails: string[]) =>
      api.http
        .post(`/api/v1/events/${event.id}/invitations`)
        .set(hostOrganizer.headers)
        .send({ emails } satisfies InviteDto)
        .expect(202);
    await invite(['Mette@Example.dk']);
    await settled(api, event.id);
    const [mail] = await smtp.parsedFor('mette@example.dk');
    const line = (key: string) => mail.headerLines.find((l) => l.key === key)?.line.replace(/\r?\n[ \t]/g, ' ');
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const url = new URL(/^List-Unsubscribe: <(https:[^>]+)>$/.exec(line('list-unsubscribe')!)![1]);
    expect(url.pathname).toBe('/unsubscribe');
    // The From names the partners (invitations of a Japanese host: in Japanese first).
    expect(mail.from?.value[0].name).toBe('東京ライフサイエンスハブ × Royal Danish Embassy via cohost');

    // The page asks (a scanner's GET changes nothing) ...
    const page = await api.http.get(`${url.pathname}${url.search}`).expect(200);
    expect(page.text).toContain('mette@example.dk');
    expect(page.text).toContain('<button');
    expect(await sql(api, `SELECT 1 FROM mail_suppressions WHERE address = 'mette@example.dk'`, [])).toHaveLength(0);
    // ... a forged or altered token does nothing ...
    await api.http
      .post(`/unsubscribe?token=${altered(url.searchParams.get('token')!)}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(404);
    // ... and the mail provider's POST, with no cookie and no CSRF token, unsubscribes at once.
    await api.http.post(`${url.pathname}${url.search}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(await sql(api, `SELECT reason FROM mail_suppressions WHERE address = 'mette@example.dk'`, [])).toEqual([
      { reason: 'unsubscribed' },
    ]);

    await invite(['mette@example.dk']);
    await settled(api, event.id);
    expect(await invitationRows(event.id, 'mette@example.dk')).toEqual([
      { status: 'sent', last_error: null },
      { status: 'skipped', last_error: 'the address unsubscribed from such emails' },
    ]);
    expect(await smtp.parsedFor('mette@example.dk')).toHaveLength(1);
  });

  it('suppresses an address after a 5xx at send time', async () => {
    const { event, hostOrganizer } = await createCohostedEvent(api);
    smtp.behave({ reject: ['gone@example.org'] });
    try {
      await api.http
        .post(`/api/v1/events/${event.id}/invitations`)
        .set(hostOrganizer.headers)
        .send({ emails: ['gone@example.org'] } satisfies InviteDto)
        .expect(202);
      await eventually(async () => (await invitationRows(event.id, 'gone@example.org'))[0]?.status === 'failed');
      expect(await sql(api, `SELECT reason FROM mail_suppressions WHERE address = 'gone@example.org'`, [])).toEqual([
        { reason: 'hard_bounce' },
      ]);
      // The organizers see it in the delivery status.
      const status = await api.http
        .get(`/api/v1/events/${event.id}/notifications?kind=invitation`)
        .set(hostOrganizer.headers)
        .expect(200);
      expect(status.body.items).toEqual([
        expect.objectContaining({
          recipient: 'gone@example.org',
          status: 'failed',
          recipientSuppressed: 'hard_bounce',
        }),
      ]);
    } finally {
      smtp.behave({});
    }
  });

  it('a registrant erases their own data from the footer link; later emails to them are skipped', async () => {
    const { event, hostOrganizer } = await createCohostedEvent(api);
    const me = await registerThroughApi(api, event, { email: 'self.erase@example.org', name: 'Self Erase' });
    await settled(api, event.id);
    const [confirmation] = await smtp.parsedFor('self.erase@example.org');
    const link = linkIn(confirmation, /https:\/\/cohost\.example\/erasure\?token=[A-Za-z0-9_.-]+/);

    const page = await api.http.get(`${link.pathname}${link.search}`).expect(200);
    expect(page.text).toContain('self.erase@example.org');
    expect(page.text).toContain('<button');
    // An altered token erases nothing.
    await api.http.post(`/erasure?token=${altered(link.searchParams.get('token')!)}`).expect(404);
    await api.http.post(`${link.pathname}${link.search}`).type('form').send('').expect(200);
    expect(await sql(api, `SELECT email, name FROM registrations WHERE id = $1`, [me.id])).toEqual([
      { email: `erased-${me.id}@invalid`, name: 'erased' },
    ]);

    // A change that would email every registrant: nothing goes to the erased one.
    const [row] = await sql<{ starts_at: Date; ends_at: Date }>(
      api,
      `SELECT starts_at, ends_at FROM events WHERE id = $1`,
      [event.id],
    );
    await api.http
      .patch(`/api/v1/events/${event.id}`)
      .set(hostOrganizer.headers)
      .send({
        startsAt: new Date(row.starts_at.getTime() + 3_600_000).toISOString(),
        endsAt: new Date(row.ends_at.getTime() + 3_600_000).toISOString(),
      })
      .expect(200);
    await settled(api, event.id);
    expect(
      await sql(
        api,
        `SELECT status, last_error FROM notifications WHERE registration_id = $1 AND kind = 'event.updated'`,
        [me.id],
      ),
    ).toEqual([{ status: 'skipped', last_error: 'the recipient was erased' }]);
    expect(await smtp.parsedFor('self.erase@example.org')).toHaveLength(1);
  });
});
