import type { EventEntity } from '@cohost/database';
import type { RegisterDto } from '../apps/api/src/registrations/dto/register.dto';
import type { PutQuestionsDto } from '../apps/api/src/registrations/dto/questions.dto';
import { RegistrationWritesRepository } from '../apps/api/src/registrations/registration-writes.repository';
import { ApiHarness, dataSourceOf } from './support/api-harness';
import { defineQuestions, everyKindOfQuestion } from './support/questions';
import {
  createOrganizer,
  createPartner,
  insertCohost,
  insertEvent,
  TestOrganizer,
  TestPartner,
} from './support/factories';
import { registerInOneBatch } from './support/registration-batches';
import { register, startRegistrationsApi } from './support/registrations';

interface Question {
  id: string;
  kind: string;
  version: number;
  label: { en?: string; ja?: string };
  choices: Array<{ id: string }>;
}

const QUESTIONS = everyKindOfQuestion();

describe('registration questions', () => {
  let api: ApiHarness;
  let host: TestPartner;
  let hostOrg: TestOrganizer;
  let cohostOrg: TestOrganizer;
  let event: EventEntity;
  let q: Question[];

  beforeAll(async () => {
    ({ api, host } = await startRegistrationsApi());
    const cohost = await createPartner(api);
    event = await insertEvent(api, host.id, { capacity: 100, waitlist: true });
    await insertCohost(api, event.id, cohost.id, 'accepted');
    [hostOrg, cohostOrg] = await Promise.all([createOrganizer(api, host), createOrganizer(api, cohost)]);
    q = await defineQuestions(api, hostOrg, event, QUESTIONS);
  });
  afterAll(() => api?.close());

  const valid = (): Record<string, unknown> => ({
    [q[0].id]: 'Researcher',
    [q[1].id]: 'Line one\nline two',
    [q[2].id]: 'med',
    [q[3].id]: ['c1', 'c3'],
    [q[4].id]: true,
  });
  const registrations = async () =>
    (
      (await dataSourceOf(api).query(`SELECT count(*)::int AS n FROM registrations WHERE event_id = $1`, [
        event.id,
      ])) as [{ n: number }]
    )[0].n;
  const answerRows = async () =>
    (
      (await dataSourceOf(api).query(
        `SELECT count(*)::int AS n FROM registration_answers a JOIN registrations r ON r.id = a.registration_id
        WHERE r.event_id = $1`,
        [event.id],
      )) as [{ n: number }]
    )[0].n;

  it('only the host defines questions; anyone who sees the event reads them', async () => {
    await api.http.put(`/api/v1/events/${event.id}/questions`).set(cohostOrg.headers).send(QUESTIONS).expect(403);
    await api.http.put(`/api/v1/events/${event.id}/questions`).send(QUESTIONS).expect(401);
    const { body } = await api.http.get(`/api/v1/events/${event.id}/questions`).expect(200);
    expect(body.questions.map((x: Question) => x.kind)).toEqual([
      'short_text',
      'long_text',
      'single_choice',
      'multiple_choice',
      'checkbox',
    ]);
    expect(body.questions[3].choices.map((c: { id: string }) => c.id)).toEqual(['c1', 'c2', 'c3']);
    expect(body.questions.every((x: Question) => x.version === 1)).toBe(true);
  });

  it('refuses bad question definitions with field messages', async () => {
    const badDefinitions = [
      { kind: 'single_choice', label: { en: 'No choices' } },
      { kind: 'checkbox', label: {} },
      { kind: 'short_text', label: { en: 'Too long' }, maxLength: 100000 },
    ];
    const res = await api.http
      .put(`/api/v1/events/${event.id}/questions`)
      .set(hostOrg.headers)
      .send({ questions: [...badDefinitions, { kind: 'essay', label: { en: 'x' } }] })
      .expect(400);
    expect(Object.keys(res.body.fields)).toEqual(expect.arrayContaining(['questions.3.kind']));
    const second = await api.http
      .put(`/api/v1/events/${event.id}/questions`)
      .set(hostOrg.headers)
      .send({ questions: badDefinitions })
      .expect(400);
    expect(Object.keys(second.body.fields).sort()).toEqual([
      'questions.0.choices',
      'questions.1.label',
      'questions.2.maxLength',
    ]);
    // Nothing changed.
    const { body } = await api.http.get(`/api/v1/events/${event.id}/questions`).expect(200);
    expect(body.questions.map((x: Question) => x.id)).toEqual(q.map((x) => x.id));
  });

  it('stores answers of every type', async () => {
    const res = await register(api, event, { answers: valid() }).expect(201);
    const rows = (await dataSourceOf(api).query(
      `SELECT question_id, value, text FROM registration_answers WHERE registration_id = $1 ORDER BY text`,
      [res.body.id],
    )) as Array<{ question_id: string; value: unknown; text: string }>;
    expect(Object.fromEntries(rows.map((r) => [r.question_id, r.text]))).toEqual({
      [q[0].id]: 'Researcher',
      [q[1].id]: 'Line one\nline two',
      [q[2].id]: 'Medicine',
      [q[3].id]: 'Morning; Panel',
      [q[4].id]: 'yes',
    });
  });

  const cases: Array<[string, (a: Record<string, unknown>) => void, string]> = [
    ['required short text missing', (a) => delete a[q[0].id], 'answers.Q0'],
    ['required short text blank', (a) => (a[q[0].id] = '   '), 'answers.Q0'],
    ['required short text only invisible', (a) => (a[q[0].id] = '\u200b\u200b'), 'answers.Q0'],
    ['short text too long', (a) => (a[q[0].id] = 'x'.repeat(21)), 'answers.Q0'],
    ['short text with a line break', (a) => (a[q[0].id] = 'a\nb'), 'answers.Q0'],
    ['short text with a direction override', (a) => (a[q[0].id] = 'abc\u202Edef'), 'answers.Q0'],
    ['short text null', (a) => (a[q[0].id] = null), 'answers.Q0'],
    ['short text a number', (a) => (a[q[0].id] = 42), 'answers.Q0'],
    ['short text an object', (a) => (a[q[0].id] = { text: 'x' }), 'answers.Q0'],
    ['long text huge', (a) => (a[q[1].id] = 'y'.repeat(100_000)), 'answers.Q1'],
    ['long text with NUL', (a) => (a[q[1].id] = 'a\u0000b'), 'answers.Q1'],
    ['choice not in the list', (a) => (a[q[2].id] = 'law'), 'answers.Q2'],
    ['choice as an array', (a) => (a[q[2].id] = ['bio']), 'answers.Q2'],
    ['required choice missing', (a) => delete a[q[2].id], 'answers.Q2'],
    ['multiple choice with an unknown choice', (a) => (a[q[3].id] = ['c1', 'c9']), 'answers.Q3'],
    ['multiple choice repeated', (a) => (a[q[3].id] = ['c1', 'c1']), 'answers.Q3'],
    ['multiple choice a string', (a) => (a[q[3].id] = 'c1'), 'answers.Q3'],
    ['multiple choice nested', (a) => (a[q[3].id] = [['c1']]), 'answers.Q3'],
    ['checkbox unticked', (a) => (a[q[4].id] = false), 'answers.Q4'],
    ['checkbox as a string', (a) => (a[q[4].id] = 'true'), 'answers.Q4'],
    [
      'unknown question',
      (a) => (a['00000000-0000-4000-8000-000000000000'] = 'x'),
      'answers.00000000-0000-4000-8000-000000000000',
    ],
  ];

  it.each(cases)('400 with a field message, nothing stored: %s', async (_name, spoil, field) => {
    const before = [await registrations(), await answerRows()];
    const answers = valid();
    spoil(answers);
    const res = await register(api, event, { answers }).expect(400);
    const key = field.replace(/Q(\d)/, (_m, i: string) => q[Number(i)].id);
    expect(Object.keys(res.body.fields)).toContain(key);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect([await registrations(), await answerRows()]).toEqual(before);
  });

  it.each<[string, unknown]>([
    ['missing', undefined],
    ['null', null],
    ['an array', [true]],
    ['a string', 'yes'],
    ['a number', 1],
  ])('answers %s: 400 on `answers` (or its required questions), nothing stored', async (_name, answers) => {
    const before = await registrations();
    const body: Partial<RegisterDto> = answers === undefined ? {} : { answers: answers as Record<string, unknown> };
    const res = await register(api, event, body).expect(400);
    expect(Object.keys(res.body.fields).some((k) => k === 'answers' || k.startsWith('answers.'))).toBe(true);
    expect(await registrations()).toBe(before);
  });

  it('an answers object with thousands of keys is a short 400', async () => {
    const huge = { ...valid(), ...Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 'x'])) };
    const res = await register(api, event, { answers: huge }).expect(400);
    expect(Object.keys(res.body.fields).length).toBeLessThanOrEqual(11);
  });

  it('a deeply nested answers body is a 400, never a 500', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200; i++) deep = { a: deep };
    const res = await register(api, event, { answers: { [q[0].id]: deep } as Record<string, unknown> });
    expect(res.status).toBe(400);
  });

  it('answers show in the JSON list and the CSV; a co-host sees only consenting registrants', async () => {
    const shared = await register(api, event, {
      email: 'shared@example.jp',
      answers: { ...valid(), [q[0].id]: '=CMD()' },
    }).expect(201);
    const hidden = await register(api, event, {
      email: 'private@example.jp',
      consent: { shareWithCohosts: false },
      answers: { ...valid(), [q[0].id]: 'Secret role' },
    }).expect(201);
    const hostList = await api.http
      .get(`/api/v1/events/${event.id}/registrations?limit=500`)
      .set(hostOrg.headers)
      .expect(200);
    const item = (
      body: { items: Array<{ id: string; answers: Array<{ questionId: string; text: string }> }> },
      id: string,
    ) => body.items.find((i) => i.id === id);
    expect(item(hostList.body, hidden.body.id)?.answers.find((a) => a.questionId === q[0].id)?.text).toBe(
      'Secret role',
    );
    const cohostList = await api.http
      .get(`/api/v1/events/${event.id}/registrations?limit=500`)
      .set(cohostOrg.headers)
      .expect(200);
    expect(item(cohostList.body, hidden.body.id)).toBeUndefined();
    expect(item(cohostList.body, shared.body.id)?.answers).toHaveLength(5);
    expect(JSON.stringify(cohostList.body)).not.toContain('Secret role');

    const csv = await api.http
      .get(`/api/v1/events/${event.id}/registrations`)
      .set(hostOrg.headers)
      .set('Accept', 'text/csv')
      .expect(200);
    const header = csv.text.split('\r\n')[0];
    expect(header).toContain('Your role,What do you hope to learn?,Field,Sessions,I agree to be recorded');
    expect(csv.text).toContain(`'=CMD()`);
    expect(csv.text).toContain('"Line one\nline two"');
    expect(csv.text).toContain('Medicine,Morning; Panel,yes');
    const cohostCsv = await api.http
      .get(`/api/v1/events/${event.id}/registrations`)
      .set(cohostOrg.headers)
      .set('Accept', 'text/csv')
      .expect(200);
    expect(cohostCsv.text).not.toContain('Secret role');
    expect(cohostCsv.text).toContain(`'=CMD()`);
  });

  it('answers written as one batch are stored with their registrations (one INSERT in the batch statement)', async () => {
    // An event whose questions are optional, so the batch's pilot (sent without answers) registers too.
    const optional = await insertEvent(api, host.id);
    const put = await api.http
      .put(`/api/v1/events/${optional.id}/questions`)
      .set(hostOrg.headers)
      .send({
        questions: [{ kind: 'short_text', label: { en: 'Role' } }, QUESTIONS.questions[2]].map((x) => ({
          ...x,
          required: false,
        })),
      })
      .expect(200);
    const [role, field] = put.body.questions as Question[];
    const bodies = [1, 2, 3].map((n) => ({
      email: `batch${n}@example.jp`,
      answers: n === 2 ? {} : { [role.id]: `Batch ${n}`, [field.id]: 'bio' },
    }));
    const one = jest.spyOn(api.app.get(RegistrationWritesRepository), 'registerOne');
    const { pilot, answers } = await registerInOneBatch(api, optional, bodies);
    expect(one).toHaveBeenCalledTimes(1); // the pilot only: the three were written as one batch
    one.mockRestore();
    expect([pilot.status, ...answers.map((r) => r.status)]).toEqual([201, 201, 201, 201]);
    const rows = (await dataSourceOf(api).query(
      `SELECT r.email, a.text FROM registration_answers a JOIN registrations r ON r.id = a.registration_id
        WHERE r.event_id = $1 ORDER BY r.email, a.text`,
      [optional.id],
    )) as Array<{ email: string; text: string }>;
    expect(rows).toEqual([
      { email: 'batch1@example.jp', text: 'Batch 1' },
      { email: 'batch1@example.jp', text: 'Biology' },
      { email: 'batch3@example.jp', text: 'Batch 3' },
      { email: 'batch3@example.jp', text: 'Biology' },
    ]);
  });

  it('a question changed or removed after answers keeps the old answers readable', async () => {
    const res = await register(api, event, { email: 'before-change@example.jp', answers: valid() }).expect(201);
    const changed: PutQuestionsDto['questions'] = QUESTIONS.questions.map((x, i) => ({ ...x, id: q[i].id }));
    changed[2] = {
      ...changed[2],
      label: { en: 'Discipline', ja: '分野' },
      choices: [{ id: 'bio', label: { en: 'Biology', ja: '生物学' } }],
    };
    const put = await api.http
      .put(`/api/v1/events/${event.id}/questions`)
      .set(hostOrg.headers)
      .send({ questions: [changed[0], changed[2], changed[4]] })
      .expect(200);
    expect(put.body.questions.map((x: Question) => [x.id, x.version])).toEqual([
      [q[0].id, 1],
      [q[2].id, 2],
      [q[4].id, 1],
    ]);
    const { body } = await api.http
      .get(`/api/v1/events/${event.id}/registrations?limit=500`)
      .set(hostOrg.headers)
      .expect(200);
    const mine = body.items.find((i: { id: string }) => i.id === res.body.id);
    const field = mine.answers.find((a: { questionId: string }) => a.questionId === q[2].id);
    expect(field).toMatchObject({ version: 1, label: { en: 'Field' }, value: 'med', text: 'Medicine' });
    expect(mine.answers.find((a: { questionId: string }) => a.questionId === q[3].id)?.text).toBe('Morning; Panel');
    const csv = await api.http
      .get(`/api/v1/events/${event.id}/registrations`)
      .set(hostOrg.headers)
      .set('Accept', 'text/csv')
      .expect(200);
    // Current questions first, then removed ones with answers, under the label they were answered under.
    expect(csv.text.split('\r\n')[0]).toContain(
      'Your role,Discipline,I agree to be recorded,What do you hope to learn?,Sessions',
    );
    const line = csv.text.split('\r\n').find((l) => l.includes('before-change@example.jp'))!;
    expect(line).toContain('Medicine');
    // The old choice is no longer accepted from new registrants.
    await register(api, event, { answers: { [q[0].id]: 'x', [q[2].id]: 'med', [q[4].id]: true } }).expect(400);
  });
});
