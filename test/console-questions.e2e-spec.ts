import { registerThroughApi } from './support/acceptance';
import { ConsoleEnv, ConsoleSession, organizerConsole, startConsoleEnv } from './support/console';
import { createCohostedEvent, CohostedEvent } from './support/events';
import { createOrganizer, createPartner } from './support/factories';
import { defineQuestions, DefinedQuestion } from './support/questions';
import { UNTHROTTLED } from './support/registrations';

interface StoredQuestion extends DefinedQuestion {
  required: boolean;
  maxLength: number | null;
  choices: Array<{ id: string; label: { en?: string; ja?: string } }>;
}

/**
 * The registration questions editor of the organizer console over HTTP:
 * every type created through the form (labels and choices in en and ja,
 * required, max length), reordered with the up/down buttons, edited and
 * deleted; errors of the API's DTO and of the domain's plan shown at their
 * fields with nothing stored; an edit after answers keeps them readable; a
 * co-host reads but cannot change (403), as in the JSON API.
 */
describe('console registration questions over HTTP', () => {
  let env: ConsoleEnv;
  const { session, get, post } = organizerConsole(() => env.api);

  beforeAll(async () => {
    env = await startConsoleEnv(UNTHROTTLED);
  });
  afterAll(async () => {
    await env?.close();
  });

  async function setup(): Promise<CohostedEvent & { asHost: ConsoleSession; asCohost: ConsoleSession; path: string }> {
    const cohosted = await createCohostedEvent(env.api, {});
    return {
      ...cohosted,
      asHost: await session(cohosted.hostOrganizer),
      asCohost: await session(cohosted.cohostOrganizer),
      path: `/console/events/${cohosted.event.id}/questions`,
    };
  }

  /**
   * A host's form post as the browser sends it: with the fingerprint
   * (`basedOn`) of the list the form was shown with, read from the form.
   */
  async function send(path: string, url: string, s: ConsoleSession, form: Record<string, string>) {
    const page = await get(`${path}/new`, s).expect(200);
    const basedOn = /name="basedOn" value="([^"]*)"/.exec(page.text)![1].replace(/&#58;|&#x3A;/gi, ':');
    return post(url, s, { basedOn, ...form });
  }

  const stored = async (eventId: string): Promise<StoredQuestion[]> =>
    (await env.api.http.get(`/api/v1/events/${eventId}/questions`).expect(200)).body.questions;

  /** The form's fields of a question: blank choice rows as a browser posts them. */
  function fields(csrf: string, values: Record<string, string>, choices: Array<[string, string]> = []) {
    const rows: Record<string, string> = {};
    for (let i = 0; i < Math.max(4, choices.length); i++) {
      rows[`choice.${i}.id`] = '';
      rows[`choice.${i}.en`] = choices[i]?.[0] ?? '';
      rows[`choice.${i}.ja`] = choices[i]?.[1] ?? '';
    }
    return { _csrf: csrf, kind: 'short_text', labelEn: '', labelJa: '', maxLength: '', ...values, ...rows };
  }

  it('creates a question of every type, reorders with up/down, edits and deletes', async () => {
    const { event, asHost: host, path } = await setup();
    const eventPage = await get(`/console/events/${event.id}`, host).expect(200);
    expect(eventPage.text).toContain(`href="${path}"`);
    expect((await get(`${path}?lang=en`, host).expect(200)).text).toContain('No question yet.');
    expect((await get(`${path}/new?lang=ja`, host).expect(200)).text).toContain('質問(日本語)');

    const forms = [
      fields(host.csrf, { kind: 'short_text', labelEn: 'Your role', labelJa: '役割', required: 'on', maxLength: '40' }),
      fields(host.csrf, { kind: 'long_text', labelEn: 'What do you hope to learn?' }),
      fields(host.csrf, { kind: 'single_choice', labelEn: 'Field', labelJa: '分野', required: 'on' }, [
        ['Biology', '生物学'],
        ['', ''],
        ['Medicine', '医学'],
      ]),
      fields(host.csrf, { kind: 'multiple_choice', labelJa: '参加セッション' }, [
        ['Morning', '午前'],
        ['Afternoon', ''],
      ]),
      fields(host.csrf, {
        kind: 'checkbox',
        labelEn: 'I agree to be recorded',
        labelJa: '録画に同意します',
        required: 'on',
      }),
    ];
    for (const form of forms) {
      const res = await send(path, path, host, form);
      expect([form.kind, res.status, res.headers.location]).toEqual([form.kind, 303, `${path}?done=added`]);
    }
    const created = await stored(event.id);
    expect(created.map((q) => [q.kind, q.label, q.required, q.maxLength])).toEqual([
      ['short_text', { en: 'Your role', ja: '役割' }, true, 40],
      ['long_text', { en: 'What do you hope to learn?' }, false, 2000],
      ['single_choice', { en: 'Field', ja: '分野' }, true, null],
      ['multiple_choice', { ja: '参加セッション' }, false, null],
      ['checkbox', { en: 'I agree to be recorded', ja: '録画に同意します' }, true, null],
    ]);
    expect(created[2].choices.map((c) => c.label)).toEqual([
      { en: 'Biology', ja: '生物学' },
      { en: 'Medicine', ja: '医学' },
    ]);
    expect(created[3].choices.map((c) => c.label)).toEqual([{ en: 'Morning', ja: '午前' }, { en: 'Afternoon' }]);

    const list = await get(`${path}?done=added&lang=en`, host).expect(200);
    expect(list.text).toContain('The question was added.');
    expect(list.text.match(/data-testid="question"/g)).toHaveLength(5);
    expect(list.text).toContain('Biology / Medicine');
    // The first has no "up", the last no "down".
    expect(list.text.match(/data-testid="up"/g)).toHaveLength(4);
    expect(list.text.match(/data-testid="down"/g)).toHaveLength(4);

    const [role, learn, field, sessions, consent] = created.map((q) => q.id);
    expect((await send(path, `${path}/${consent}/move`, host, { _csrf: host.csrf, direction: 'up' })).status).toBe(303);
    expect((await send(path, `${path}/${role}/move`, host, { _csrf: host.csrf, direction: 'down' })).status).toBe(303);
    // At either end nothing moves.
    expect((await send(path, `${path}/${learn}/move`, host, { _csrf: host.csrf, direction: 'up' })).status).toBe(303);
    expect((await stored(event.id)).map((q) => q.id)).toEqual([learn, role, field, consent, sessions]);
    const moved = await get(`${path}?lang=en`, host).expect(200);
    const order = [...moved.text.matchAll(/data-testid="question" data-id="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual([learn, role, field, consent, sessions]);

    // Edit the single choice: add a choice, rename one, keep the ids of the kept ones.
    const edit = await get(`${path}/${field}/edit?lang=en`, host).expect(200);
    expect(edit.text).toContain('value="Biology"');
    expect(edit.text).toContain(`name="choice.0.id" value="${created[2].choices[0].id}"`);
    const before = created[2].choices;
    const saved = await send(path, `${path}/${field}`, host, {
      ...fields(host.csrf, { kind: 'single_choice', labelEn: 'Discipline', labelJa: '分野', required: 'on' }, [
        ['Biology', '生物学'],
        ['Medicine', '医学'],
        ['Chemistry', '化学'],
      ]),
      'choice.0.id': before[0].id,
      'choice.1.id': before[1].id,
    });
    expect(saved.headers.location).toBe(`${path}?done=saved`);
    const edited = (await stored(event.id)).find((q) => q.id === field)!;
    expect(edited.label).toEqual({ en: 'Discipline', ja: '分野' });
    expect(edited.version).toBe(2);
    expect(edited.choices.slice(0, 2).map((c) => c.id)).toEqual(before.map((c) => c.id));
    expect(edited.choices[2].label).toEqual({ en: 'Chemistry', ja: '化学' });

    expect((await send(path, `${path}/${learn}/delete`, host, { _csrf: host.csrf })).status).toBe(303);
    expect((await stored(event.id)).map((q) => q.id)).toEqual([role, field, consent, sessions]);
  });

  it('shows errors at their fields (the DTO and the domain) and stores nothing', async () => {
    const { event, hostOrganizer, asHost: host, path } = await setup();
    const existing = await defineQuestions(env.api, hostOrganizer, event, {
      questions: [{ kind: 'short_text', label: { en: 'Your role' } }],
    });
    const cases: Array<[Record<string, string>, Array<[string, string]>, string[]]> = [
      [{ labelEn: '', labelJa: '' }, [], ['f-labelEn']],
      [{ labelEn: 'Two\u202Elines' }, [], ['f-labelEn']],
      [{ labelEn: 'Name', labelJa: 'x'.repeat(301) }, [], ['f-labelJa']],
      [{ kind: 'single_choice', labelEn: 'Pick one' }, [], ['f-choices']],
      [
        { kind: 'multiple_choice', labelEn: 'Pick' },
        [
          ['ok', ''],
          ['', ''],
          ['bad\u0007', ''],
        ],
        ['f-choice-2-en'],
      ],
      [{ kind: 'short_text', labelEn: 'Role', maxLength: 'abc' }, [], ['f-maxLength']],
      [{ kind: 'short_text', labelEn: 'Role', maxLength: '501' }, [], ['f-maxLength']],
      [{ kind: 'long_text', labelEn: 'Essay', maxLength: '0' }, [], ['f-maxLength']],
      [{ kind: 'dropdown', labelEn: 'Role' }, [], ['f-kind']],
    ];
    for (const [values, choices, ids] of cases) {
      const res = await send(path, `${path}?lang=en`, host, fields(host.csrf, values, choices));
      const name = JSON.stringify(values);
      expect([name, res.status]).toEqual([name, 400]);
      expect(res.text).toContain('The question was not saved.');
      for (const id of ids) {
        expect([name, res.text]).toEqual([name, expect.stringContaining(`href="#${id}"`)]);
        expect([name, res.text]).toEqual([
          name,
          expect.stringMatching(new RegExp(`id="${id}"[^>]*aria-invalid="true"|id="${id}" tabindex`)),
        ]);
      }
      // What was typed is shown again.
      if (values.labelEn) expect(res.text).toContain(`value="${values.labelEn.replace(/"/g, '&quot;')}"`);
    }
    // The Japanese page says it in Japanese.
    const ja = await send(
      path,
      `${path}?lang=ja`,
      host,
      fields(host.csrf, { kind: 'short_text', labelEn: 'Role', maxLength: '501' }),
    );
    expect(ja.text).toContain('1 から 500 までの整数');
    // An edit with an error is shown on the edit form, the question unchanged.
    const bad = await send(path, `${path}/${existing[0].id}?lang=en`, host, fields(host.csrf, { labelEn: '' }));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(`action="${path}/${existing[0].id}"`);
    expect((await stored(event.id)).map((q) => [q.id, q.label, q.version])).toEqual([
      [existing[0].id, { en: 'Your role' }, 1],
    ]);
  });

  it('a change made on a list someone changed meanwhile is refused (409), nothing overwritten; saving again applies it', async () => {
    const { event, hostOrganizer, asHost: host, path } = await setup();
    const [a, b] = await defineQuestions(env.api, hostOrganizer, event, {
      questions: [
        { kind: 'short_text', label: { en: 'First' } },
        { kind: 'short_text', label: { en: 'Second' } },
      ],
    });
    const basedOnIn = (html: string) => /name="basedOn" value="([^"]*)"/.exec(html)![1];
    const form = await get(`${path}/${a.id}/edit`, host).expect(200);
    const stale = basedOnIn(form.text);
    const listPage = await get(path, host).expect(200);
    expect(basedOnIn(listPage.text)).toBe(stale);

    // Another organizer changes the list (through the API): the second question is renamed.
    await defineQuestions(env.api, hostOrganizer, event, {
      questions: [
        { id: a.id, kind: 'short_text', label: { en: 'First' } },
        { id: b.id, kind: 'short_text', label: { en: 'Second, renamed' } },
      ],
    });
    const edit = fields(host.csrf, { labelEn: 'First, edited' });
    const refused = await post(`${path}/${a.id}?lang=en`, host, { ...edit, basedOn: stale });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('data-testid="changed"');
    expect(refused.text).toContain('value="First, edited"');
    const moved = await post(`${path}/${a.id}/move?lang=en`, host, {
      _csrf: host.csrf,
      direction: 'down',
      basedOn: stale,
    });
    expect(moved.status).toBe(409);
    expect(moved.text).toContain('Second, renamed');
    await post(`${path}/${b.id}/delete`, host, { _csrf: host.csrf, basedOn: stale }).expect(409);
    await post(path, host, { ...fields(host.csrf, { labelEn: 'Third' }), basedOn: stale }).expect(409);
    expect((await stored(event.id)).map((q) => q.label.en)).toEqual(['First', 'Second, renamed']);

    // The refused form carries the list as it is now: sending it again saves the edit on top of the rename.
    const again = await post(`${path}/${a.id}`, host, { ...edit, basedOn: basedOnIn(refused.text) });
    expect(again.status).toBe(303);
    expect((await stored(event.id)).map((q) => q.label.en)).toEqual(['First, edited', 'Second, renamed']);
  });

  it('an edit after answers keeps the old answers readable', async () => {
    const { event, hostOrganizer, asHost: host, path } = await setup();
    const [q] = await defineQuestions(env.api, hostOrganizer, event, {
      questions: [
        {
          kind: 'single_choice',
          label: { en: 'Field', ja: '分野' },
          choices: [
            { id: 'bio', label: { en: 'Biology' } },
            { id: 'med', label: { en: 'Medicine' } },
          ],
        },
      ],
    });
    const registrant = await registerThroughApi(env.api, event, { answers: { [q.id]: 'med' } });
    expect((await get(`${path}/${q.id}/edit?lang=en`, host).expect(200)).text).toContain(
      'Registrants who already answered keep the question as they answered it.',
    );
    const edited = await send(path, `${path}/${q.id}`, host, {
      ...fields(host.csrf, { kind: 'single_choice', labelEn: 'Discipline' }, [['Biology', '']]),
      'choice.0.id': 'bio',
    });
    expect(edited.status).toBe(303);
    const { body } = await env.api.http
      .get(`/api/v1/events/${event.id}/registrations`)
      .set(hostOrganizer.headers)
      .expect(200);
    const answer = body.items.find((i: { id: string }) => i.id === registrant.id).answers[0];
    expect(answer).toMatchObject({ version: 1, label: { en: 'Field', ja: '分野' }, value: 'med', text: 'Medicine' });
    expect((await send(path, `${path}/${q.id}/delete`, host, { _csrf: host.csrf })).status).toBe(303);
    const after = await env.api.http
      .get(`/api/v1/events/${event.id}/registrations`)
      .set(hostOrganizer.headers)
      .expect(200);
    expect(after.body.items.find((i: { id: string }) => i.id === registrant.id).answers[0].text).toBe('Medicine');
  });

  it('a co-host reads the questions but cannot change them; CSRF, strangers and bad ids are refused', async () => {
    const { event, hostOrganizer, asHost: host, asCohost: cohost, path } = await setup();
    const [q] = await defineQuestions(env.api, hostOrganizer, event, {
      questions: [{ kind: 'checkbox', label: { en: 'I agree to be recorded' }, required: true }],
    });
    const read = await get(`${path}?lang=en`, cohost).expect(200);
    expect(read.text).toContain('I agree to be recorded');
    expect(read.text).toContain('data-testid="read-only"');
    expect(read.text).not.toContain('data-testid="add"');
    expect(read.text).not.toContain('method="post" action="/console/events');
    await get(`${path}/new`, cohost).expect(403);
    await get(`${path}/${q.id}/edit`, cohost).expect(403);
    await post(path, cohost, fields(cohost.csrf, { labelEn: 'Sneaky' })).expect(403);
    await post(`${path}/${q.id}`, cohost, fields(cohost.csrf, { kind: 'checkbox', labelEn: 'Changed' })).expect(403);
    await post(`${path}/${q.id}/move`, cohost, { _csrf: cohost.csrf, direction: 'down' }).expect(403);
    await post(`${path}/${q.id}/delete`, cohost, { _csrf: cohost.csrf }).expect(403);

    await post(path, host, { ...fields(host.csrf, { labelEn: 'No token' }), _csrf: '' }).expect(403);
    await post(`${path}/${q.id}/delete`, host, {}).expect(403);
    const stranger = await session(
      await createOrganizer(env.api, await createPartner(env.api, { name: { en: 'Osaka' } })),
    );
    await get(path, stranger).expect(403);
    await post(path, stranger, fields(stranger.csrf, { labelEn: 'Sneaky' })).expect(403);

    await get(`${path}/00000000-0000-4000-8000-000000000000/edit`, host).expect(404);
    await get(`${path}/not-a-uuid/edit`, host).expect(404);
    expect((await send(path, `${path}/${q.id}/move`, host, { _csrf: host.csrf, direction: 'sideways' })).status).toBe(
      400,
    );
    expect((await stored(event.id)).map((x) => [x.id, x.label])).toEqual([[q.id, { en: 'I agree to be recorded' }]]);
  });
});
