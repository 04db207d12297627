import { InvalidInputError } from '@cohost/domain';
import { consoleTranslator } from '../../i18n';
import { readTableQuery, tableHref } from './registrants-query';
import { cancelledMessage, promotedMessage, registrantRow } from './registrants-view';

const CURSOR = '2026-12-03T09:15:02.123456Z_6f1c0a8e-2b7d-4c55-9a0e-3d2f1b4c5a6e';

describe('readTableQuery', () => {
  it('reads the filters and a cursor, ignoring parameters the table does not use', async () => {
    const query = await readTableQuery({ status: 'waitlisted', via: '-', q: ' 山田 ', after: CURSOR, page: '-1' });
    expect(query.filters).toEqual({ status: 'waitlisted', via: '-', q: ' 山田 ' });
    expect(query.dto).toMatchObject({ status: 'waitlisted', via: '-', q: ' 山田 ' });
    expect(query.after).toEqual({ at: '2026-12-03T09:15:02.123456Z', id: '6f1c0a8e-2b7d-4c55-9a0e-3d2f1b4c5a6e' });
    expect(query.before).toBeUndefined();
    expect((await readTableQuery(undefined)).filters).toEqual({ status: '', via: '', q: '' });
    expect((await readTableQuery({ status: '', via: '', q: '' })).dto).toEqual({});
  });

  it.each([
    { status: 'bogus' },
    { status: ['confirmed', 'waitlisted'] },
    { status: { a: 'confirmed' } },
    { via: 'Not_A_Slug' },
    { via: 'a'.repeat(65) },
    { q: 'x'.repeat(201) },
    { q: ['a', 'b'] },
    { after: '-1' },
    { after: CURSOR, before: CURSOR },
    { before: 'x' },
  ])('refuses %j with a 400 error', async (raw) => {
    await expect(readTableQuery(raw)).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('tableHref', () => {
  it('keeps the filters that are set and the cursor', () => {
    expect(tableHref('/t', { status: '', via: '', q: '' })).toBe('/t');
    expect(tableHref('/t', { status: 'confirmed', via: '', q: '山田 & co' }, { after: CURSOR })).toBe(
      `/t?status=confirmed&q=%E5%B1%B1%E7%94%B0+%26+co&after=${encodeURIComponent(CURSOR)}`,
    );
  });
});

describe('flash messages', () => {
  const en = consoleTranslator('en');

  it('say how many were promoted, in the singular for one, and ignore a malformed count', () => {
    expect(cancelledMessage({ done: 'cancelled' }, en)).toBe(
      'The registration was cancelled; the registrant is being emailed.',
    );
    expect(cancelledMessage({ done: 'cancelled', promoted: '1' }, en)).toContain('1 person moved');
    expect(cancelledMessage({ done: 'cancelled', promoted: '3' }, en)).toContain('3 people moved');
    expect(cancelledMessage({ done: 'saved' }, en)).toBeUndefined();
    expect(promotedMessage({ promoted: '2' }, en)).toBe(
      '2 people moved from the waitlist to confirmed; each is being emailed.',
    );
    for (const promoted of ['0', '-1', '1e3', '99999999', ['1', '2'], '<b>']) {
      expect([promoted, promotedMessage({ promoted }, en)]).toEqual([promoted, undefined]);
    }
  });
});

describe('registrantRow', () => {
  const ja = consoleTranslator('ja');

  it('shows a waitlist position, the language, yes/no and each answer as given', () => {
    const row = registrantRow(
      {
        id: 'r1',
        status: 'waitlisted',
        waitlistPosition: 3,
        email: 'a@example.jp',
        name: '山田 花子',
        organization: 'Kyoto Bio Labs',
        locale: 'en',
        timezone: 'Asia/Tokyo',
        via: null,
        consent: { shareWithCohosts: true },
        registeredAt: '2026-12-03T00:30:00.000Z',
        confirmedAt: null,
        cancelledAt: null,
        cancelledBy: null,
        attended: false,
        joinedAt: null,
        answers: [
          { questionId: 'q1', version: 1, kind: 'checkbox', label: { en: 'Recorded' }, value: true, text: 'yes' },
          {
            questionId: 'q2',
            version: 1,
            kind: 'single_choice',
            label: { en: 'Field' },
            value: 'med',
            text: 'Medicine',
          },
        ],
      },
      [
        { id: 'q1', label: { en: 'Recorded', ja: 'Recorded' } },
        { id: 'q2', label: { en: 'Discipline', ja: '専門分野' } },
        { id: 'q3', label: { en: 'Added later' } },
      ],
      { t: ja, locale: 'ja', zone: 'Asia/Tokyo' },
      '/cancel',
    );
    expect(row).toMatchObject({
      statusLabel: 'キャンセル待ち 3 番目',
      language: '英語',
      via: '—',
      registeredAt: '2026/12/03 9:30',
      attended: 'いいえ',
      cancelHref: '/cancel',
    });
    expect(row.answers).toEqual([
      { text: 'はい', answeredTo: undefined },
      { text: 'Medicine', answeredTo: '回答時の質問:Field' },
      { text: '', answeredTo: undefined },
    ]);
  });
});
