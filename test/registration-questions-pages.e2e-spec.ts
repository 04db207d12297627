import type { EventEntity } from '@cohost/database';
import type { Browser } from 'playwright-core';
import { ApiHarness, dataSourceOf, startApi } from './support/api-harness';
import { seriousViolations } from './support/axe';
import { launchBrowser, listen, newContext } from './support/browser';
import { createOrganizer, createPartner, insertEvent, TestOrganizer, TestPartner } from './support/factories';
import { openForm, registerFields } from './support/pages';
import { defineQuestions, everyKindOfQuestion } from './support/questions';
import { UNTHROTTLED } from './support/registrations';

interface Question {
  id: string;
}

const QUESTIONS = everyKindOfQuestion(10, ['AM', 'PM']);

describe('registration questions and members-only webinars on the public pages', () => {
  let api: ApiHarness;
  let host: TestPartner;
  let hostOrg: TestOrganizer;
  let event: EventEntity;
  let q: Question[];

  beforeAll(async () => {
    api = await startApi(UNTHROTTLED);
    host = await createPartner(api, { contactEmail: 'members@hub.example.jp' });
    hostOrg = await createOrganizer(api, host);
    event = await insertEvent(api, host.id);
    q = await defineQuestions(api, hostOrg, event, QUESTIONS);
  });
  afterAll(() => api?.close());

  const path = () => `/events/${event.slug}`;
  /** A form body with repeated keys (a multiple choice), as a browser sends it. */
  function post(session: { cookie: string }, fields: Array<[string, string]>) {
    return api.http
      .post(`${path()}/register`)
      .set('Cookie', session.cookie)
      .type('form')
      .send(new URLSearchParams(fields).toString());
  }
  const count = async () =>
    (
      (await dataSourceOf(api).query(`SELECT count(*)::int AS n FROM registrations WHERE event_id = $1`, [
        event.id,
      ])) as [{ n: number }]
    )[0].n;
  const base = (csrf: string, email: string) => Object.entries(registerFields(csrf, { email }));

  it('shows every question in the page language, required ones marked', async () => {
    const ja = await openForm(api, `${path()}?lang=ja`);
    expect(ja.html).toContain('役割');
    expect(ja.html).toContain('(必須)');
    expect(ja.html).toContain('生物学');
    expect(ja.html).toContain(`name="qm.${q[3].id}"`);
    const en = await openForm(api, `${path()}?lang=en`);
    expect(en.html).toContain('I agree to be recorded</span> (required)');
  });

  it('refuses missing, unlisted and too long answers on the page with the fields marked, storing nothing', async () => {
    const session = await openForm(api, `${path()}?lang=en`);
    const before = await count();
    const res = await post(session, [
      ...base(session.csrf, 'page-bad@example.org'),
      [`q.${q[0].id}`, 'far too long a role'],
      [`q.${q[2].id}`, 'law'],
    ]);
    expect(res.status).toBe(400);
    for (const i of [0, 2, 4]) {
      expect(res.text).toContain(`href="#f-q-${q[i].id}"`);
      expect(res.text).toContain(`id="f-q-${q[i].id}-error"`);
    }
    expect(res.text).not.toContain(`id="f-q-${q[1].id}-error"`);
    // What was typed is shown again.
    expect(res.text).toContain('value="far too long a role"');
    expect(await count()).toBe(before);
  });

  it('registers with answers of every type, a multiple choice from repeated fields', async () => {
    const session = await openForm(api, `${path()}?lang=en`);
    const res = await post(session, [
      ...base(session.csrf, 'page-good@example.org'),
      [`q.${q[0].id}`, 'Chemist'],
      [`q.${q[1].id}`, 'Two\r\nlines'],
      [`q.${q[2].id}`, 'bio'],
      [`qm.${q[3].id}`, 'c1'],
      [`qm.${q[3].id}`, 'c2'],
      [`qc.${q[4].id}`, 'yes'],
    ]);
    expect(res.status).toBe(201);
    const rows = (await dataSourceOf(api).query(
      `SELECT a.text FROM registration_answers a JOIN registrations r ON r.id = a.registration_id
        WHERE r.email = 'page-good@example.org' ORDER BY a.text`,
    )) as Array<{ text: string }>;
    expect(rows.map((r) => r.text)).toEqual(['AM; PM', 'Biology', 'Chemist', 'Two\r\nlines', 'yes']);
  });

  it('a members-only webinar refuses an outside address with a page naming whom to contact', async () => {
    const members = await insertEvent(api, host.id);
    await api.http.patch(`/api/v1/events/${members.id}`).set(hostOrg.headers).send({ audience: 'members' }).expect(200);
    const session = await openForm(api, `/events/${members.slug}?lang=en`);
    const res = await api.http
      .post(`/events/${members.slug}/register`)
      .set('Cookie', session.cookie)
      .type('form')
      .send(new URLSearchParams(base(session.csrf, 'someone@outside.example')).toString());
    expect(res.status).toBe(422);
    expect(res.text).toContain('member organizations only');
    expect(res.text).toContain('members@hub.example.jp');
  });

  describe('in a browser', () => {
    let browser: Browser;
    let url: string;
    beforeAll(async () => {
      url = await listen(api);
      browser = await launchBrowser();
    });
    afterAll(() => browser?.close());

    it('the form with its questions and their errors has no serious accessibility violation', async () => {
      const context = await newContext(browser, url, { locale: 'en-US' });
      const page = await context.newPage();
      await page.goto(`${path()}?lang=en`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.fill('#f-name', 'Browser Person');
      await page.fill('#f-email', 'browser@example.org');
      await page.fill('#f-organization', 'Org');
      await page.click('button[type=submit]');
      await page.waitForSelector('#form-error');
      expect(await page.locator(`#f-q-${q[4].id}-error`).count()).toBe(1);
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    });
  });
});
