import { unique } from '@cohost/testing';
import { DataSource } from 'typeorm';
import { registerThroughApi, settled } from './support/acceptance';
import { ConsoleEnv, ConsoleSession, consoleSessionCookie, organizerConsole, startConsoleEnv } from './support/console';
import { createCohostedEvent, sql } from './support/events';

/**
 * CSV files chosen in the console (`multipart/form-data`): the admin's
 * member roster and an organizer's attendance report (Zoom in UTF-8, Teams
 * in UTF-16LE with tabs). Too large (413), not CSV (415), not UTF-8,
 * no file, a second file or another field (400) are said on the page in
 * the page's language; the form token is checked as on any form; routes
 * that take no file answer 415 to multipart.
 */
describe('console CSV file uploads', () => {
  let env: ConsoleEnv;
  let admin: ConsoleSession;
  const organizers = organizerConsole(() => env.api);

  beforeAll(async () => {
    env = await startConsoleEnv();
    admin = await consoleSessionCookie(env.api, { email: `${unique('admin')}@hub.example`, role: 'admin' });
  });
  afterAll(async () => {
    await env?.close();
  });

  /** A multipart post as a browser sends it: `_csrf` first, then the fields and files given. */
  const upload = (
    path: string,
    session: ConsoleSession,
    parts: { csrf?: string; fields?: Record<string, string>; files?: Array<[string, Buffer, string, string]> },
    lang = 'en',
  ) => {
    let req = env.api.http.post(path).set('Cookie', session.cookie).set('Accept-Language', lang);
    if (parts.csrf !== undefined) req = req.field('_csrf', parts.csrf);
    for (const [name, value] of Object.entries(parts.fields ?? {})) req = req.field(name, value);
    for (const [name, data, filename, contentType] of parts.files ?? []) {
      req = req.attach(name, data, { filename, contentType });
    }
    return req;
  };
  const rosterFile = (data: Buffer, filename = 'roster.csv', contentType = 'text/csv') =>
    upload('/console/admin/members/import', admin, {
      csrf: admin.csrf,
      files: [['file', data, filename, contentType]],
    });

  it('imports a 440-row roster chosen as a file, reporting its bad line', async () => {
    const tag = unique('r');
    const lines = ['name_ja,name_en,domains'];
    for (let i = 1; i <= 440; i++) {
      lines.push(i === 200 ? `,,bad-${tag}.example.jp` : `組織${i},"Org ${i}, Ltd",m${i}-${tag}.example.jp`);
    }
    const res = await rosterFile(Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'));
    expect(res.status).toBe(200);
    expect(res.text).toContain('439 organizations were imported.');
    // Line 201 of the file (the header is line 1) has no name.
    expect(res.text).toMatch(/<td[^>]*>201<\/td>\s*<td[^>]*><code>missing_name<\/code>/);
    const [{ n }] = await env.api.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM member_organization_domains WHERE domain LIKE $1`, [
        `%-${tag}.example.jp`,
      ]);
    expect(n).toBe(439);

    // Pasting still works, in the same multipart form and urlencoded.
    const pasted = await upload('/console/admin/members/import', admin, {
      csrf: admin.csrf,
      fields: { csv: `name_ja,name_en,domains\n貼付,Pasted,p-${tag}.example.jp` },
      files: [['file', Buffer.alloc(0), '', 'application/octet-stream']],
    });
    expect(pasted.status).toBe(200);
    expect(pasted.text).toContain('1 organizations were imported.');
  });

  it('refuses a roster file too large, not CSV, not UTF-8, missing, doubled or misnamed, with the page saying why', async () => {
    const header = Buffer.from('name_ja,name_en,domains\n');
    const big = Buffer.concat([header, Buffer.alloc(2_000_001 - header.length, 'a')]);
    const tooLarge = await rosterFile(big);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.text).toContain('The file is too large: at most 2 MB.');
    expect(tooLarge.text).toContain('aria-invalid="true"');

    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const image = await rosterFile(png, 'logo.png', 'image/png');
    expect(image.status).toBe(415);
    expect(image.text).toContain('This is not a CSV file.');
    const xlsx = await rosterFile(
      Buffer.from('PK\u0003\u0004'),
      'roster.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.status).toBe(415);
    const binary = await rosterFile(Buffer.from('name_ja\u0000,name_en\n'), 'roster.csv');
    expect(binary.status).toBe(415);

    // Shift_JIS "京都" (0x8B9E 0x9373) is not UTF-8.
    const sjis = Buffer.concat([header, Buffer.from([0x8b, 0x9e, 0x93, 0x73]), Buffer.from(',Kyoto,k.example.jp\n')]);
    const notUtf8 = await rosterFile(sjis);
    expect(notUtf8.status).toBe(400);
    expect(notUtf8.text).toContain('The file is not UTF-8 text.');
    const ja = await upload(
      '/console/admin/members/import',
      admin,
      { csrf: admin.csrf, files: [['file', sjis, 'r.csv', 'text/csv']] },
      'ja',
    );
    expect(ja.status).toBe(400);
    expect(ja.text).toContain('UTF-8 のテキストではありません');

    const missing = await upload('/console/admin/members/import', admin, {
      csrf: admin.csrf,
      files: [['file', Buffer.alloc(0), '', 'application/octet-stream']],
    });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Choose a CSV file or paste its text.');

    const good = Buffer.from(`name_ja,name_en,domains\n二,Two,two-${unique('d')}.example.jp\n`);
    const two = await upload('/console/admin/members/import', admin, {
      csrf: admin.csrf,
      files: [
        ['file', good, 'a.csv', 'text/csv'],
        ['file', good, 'b.csv', 'text/csv'],
      ],
    });
    expect(two.status).toBe(400);
    expect(two.text).toContain('Send one file only');
    const misnamed = await upload('/console/admin/members/import', admin, {
      csrf: admin.csrf,
      files: [['csv', good, 'a.csv', 'text/csv']],
    });
    expect(misnamed.status).toBe(400);
    expect(misnamed.text).toContain('Send one file only');
    expect(
      await env.api.app
        .get(DataSource)
        .query(`SELECT 1 FROM member_organization_domains WHERE domain = $1`, [
          good.toString().split(',').pop()!.trim(),
        ]),
    ).toEqual([]);

    // Pasted text beyond the body limit: 413 as for the urlencoded form.
    const longText = await upload('/console/admin/members/import', admin, {
      csrf: admin.csrf,
      fields: { csv: 'a'.repeat(2 * 1024 * 1024 + 1) },
    });
    expect(longText.status).toBe(413);

    // The form token is checked on multipart posts as on any form.
    const noToken = await upload('/console/admin/members/import', admin, {
      files: [['file', good, 'a.csv', 'text/csv']],
    });
    expect(noToken.status).toBe(403);
    const wrongToken = await upload('/console/admin/members/import', admin, {
      csrf: 'x'.repeat(admin.csrf.length),
      files: [['file', good, 'a.csv', 'text/csv']],
    });
    expect(wrongToken.status).toBe(403);

    // Routes without a file field take no multipart body at all.
    const other = await upload('/console/admin/members', admin, {
      csrf: admin.csrf,
      fields: { name_en: 'X', domains: 'x.example.jp' },
    });
    expect(other.status).toBe(415);
    const api = await env.api.http
      .post('/api/v1/member-organizations/import')
      .field('csv', 'name_ja,name_en,domains')
      .attach('file', good, { filename: 'a.csv', contentType: 'text/csv' });
    expect(api.status).toBe(415);
    expect(api.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('marks attendance from a Zoom and a Teams report chosen as files; bad files refused', async () => {
    const { event, hostOrganizer } = await createCohostedEvent(env.api, {});
    const host = await organizers.session(hostOrganizer);
    const [a, b, c, d] = [
      await registerThroughApi(env.api, event),
      await registerThroughApi(env.api, event),
      await registerThroughApi(env.api, event),
      await registerThroughApi(env.api, event),
    ];
    await settled(env.api, event.id);
    const path = `/console/events/${event.id}/attendance/import`;
    const attended = async () =>
      (
        await sql<{ email: string }>(
          env.api,
          `SELECT email FROM registrations WHERE event_id = $1 AND attended ORDER BY email`,
          [event.id],
        )
      ).map((r) => r.email);
    const report = (data: Buffer, filename: string, contentType = 'text/csv', lang = 'en') =>
      upload(path, host, { csrf: host.csrf, files: [['reportFile', data, filename, contentType]] }, lang);

    const zoom = Buffer.from(
      '\uFEFFName (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\r\n' +
        `A,${a.email.toUpperCase()},05/20/2027 06:00:00 PM,05/20/2027 07:00:00 PM,60,No\r\n` +
        `Someone,nobody@example.org,05/20/2027 06:00:00 PM,05/20/2027 06:10:00 PM,10,Yes\r\n` +
        `Phone,,05/20/2027 06:00:00 PM,05/20/2027 06:10:00 PM,10,Yes\r\n`,
      'utf8',
    );
    const zoomRes = await report(zoom, 'participants_123.csv');
    expect(zoomRes.status).toBe(200);
    expect(zoomRes.text).toContain('Imported a Zoom report: 3 rows read, 1 registrants marked as attended.');
    expect(zoomRes.text).toContain('nobody@example.org');
    expect(await attended()).toEqual([a.email].sort());

    const teamsText = [
      '1. Summary',
      'Meeting title\tLife Science',
      'Attended participants\t2',
      '',
      '2. Participants',
      'Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole',
      `B\t5/20/27, 5:58:00 PM\t5/20/27, 7:00:00 PM\t1h 2m\t${b.email}\t${b.email}\tAttendee`,
      `C\t5/20/27, 6:05:00 PM\t5/20/27, 6:20:00 PM\t15m\t${c.email.toUpperCase()}\t\tAttendee`,
      '',
      '3. In-Meeting Activities',
      'Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole',
      `D\t5/20/27, 6:30:00 PM\t5/20/27, 6:31:00 PM\t1m\t${d.email}\tAttendee`,
    ].join('\r\n');
    const teams = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(teamsText, 'utf16le')]);
    const teamsRes = await report(teams, 'meetingAttendanceList.csv', 'application/vnd.ms-excel');
    expect(teamsRes.status).toBe(200);
    expect(teamsRes.text).toContain(
      'Imported a Microsoft Teams report: 2 rows read, 2 registrants marked as attended.',
    );
    expect(await attended()).toEqual([a.email, b.email, c.email].sort());

    const tooLarge = await report(Buffer.alloc(4_000_001, 'a'), 'big.csv');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.text).toContain('The file is too large: at most 4 MB.');
    const image = await report(Buffer.from('GIF89a'), 'x.gif', 'image/gif', 'ja');
    expect(image.status).toBe(415);
    expect(image.text).toContain('CSV ファイルではありません');
    const notUtf8 = await report(Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0xff, 0x0a]), 'r.csv');
    expect(notUtf8.status).toBe(400);
    expect(notUtf8.text).toContain('The file is not UTF-8 text.');
    const missing = await upload(path, host, {
      csrf: host.csrf,
      fields: { report: '' },
      files: [['reportFile', Buffer.alloc(0), '', 'application/octet-stream']],
    });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Choose a CSV file or paste its text.');
    // A file without the address column: the API's 400 naming it, on the page.
    const noEmail = await report(
      Buffer.from('Name (Original Name),Join Time,Leave Time,Duration (Minutes)\nX,1,2,3\n'),
      'r.csv',
    );
    expect(noEmail.status).toBe(400);
    expect(noEmail.text).toContain('&quot;User Email&quot;');
    await upload(path, host, { files: [['reportFile', zoom, 'r.csv', 'text/csv']] }).expect(403);
    expect(await attended()).toEqual([a.email, b.email, c.email].sort());
  });
});
