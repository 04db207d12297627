import { planQuestions, questionsFingerprint, RegistrationQuestion, validateAnswers } from './questions';

const choice: RegistrationQuestion = {
  id: 'q-choice',
  kind: 'single_choice',
  label: { en: 'Field', ja: '分野' },
  choices: [
    { id: 'bio', label: { en: 'Biology' } },
    { id: 'med', label: { ja: '医学' } },
  ],
  required: true,
  maxLength: null,
  version: 1,
};
const text: RegistrationQuestion = {
  id: 'q-text',
  kind: 'short_text',
  label: { en: 'Role' },
  choices: [],
  required: false,
  maxLength: 5,
  version: 1,
};

describe('validateAnswers', () => {
  it('stores a snapshot with readable text; optional blanks store nothing', () => {
    expect(validateAnswers([choice, text], { 'q-choice': 'med', 'q-text': '' })).toEqual({
      ok: true,
      answers: [
        { questionId: 'q-choice', version: 1, kind: 'single_choice', label: choice.label, value: 'med', text: '医学' },
      ],
    });
  });

  it('keys errors answers.<id>', () => {
    const result = validateAnswers([choice, text], { 'q-text': '123456', other: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(Object.keys(result.fields).sort()).toEqual(['answers.other', 'answers.q-choice', 'answers.q-text']);
  });

  it('names at most ten unknown keys of a huge answers object', () => {
    const huge = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'x']));
    const result = validateAnswers([text], huge);
    expect(result.ok === false && Object.keys(result.fields)).toHaveLength(11);
  });

  it('an event without questions accepts no answers or an empty object, nothing else', () => {
    expect(validateAnswers([], undefined)).toEqual({ ok: true, answers: [] });
    expect(validateAnswers([], {})).toEqual({ ok: true, answers: [] });
    expect(validateAnswers([], { x: 'y' }).ok).toBe(false);
    expect(validateAnswers([], null).ok).toBe(false);
    expect(validateAnswers([], []).ok).toBe(false);
  });
});

describe('planQuestions', () => {
  it('keeps ids, bumps the version only on a change, gives new questions new ids', () => {
    const plan = planQuestions(
      [choice, text],
      [
        { id: 'q-text', kind: 'short_text', label: { en: 'Role' }, maxLength: 5 },
        { id: 'q-choice', kind: 'single_choice', label: { en: 'Discipline' }, choices: choice.choices, required: true },
        { kind: 'checkbox', label: { ja: '同意' } },
      ],
      () => 'new-id',
    );
    expect(plan.ok && plan.questions.map((q) => [q.id, q.version])).toEqual([
      ['q-text', 1],
      ['q-choice', 2],
      ['new-id', 1],
    ]);
  });

  it('refuses unknown ids and choice kinds without choices', () => {
    const plan = planQuestions([], [{ id: 'nope', kind: 'multiple_choice', label: { en: 'x' } }], () => 'n');
    expect(plan.ok === false && Object.keys(plan.fields).sort()).toEqual(['questions.0.choices', 'questions.0.id']);
  });
});

describe('questionsFingerprint', () => {
  it('changes with the order, a question added or removed, and a version; not otherwise', () => {
    const a = { id: 'a', version: 1 };
    const b = { id: 'b', version: 3 };
    expect(questionsFingerprint([a, b])).toBe(questionsFingerprint([{ ...a }, { ...b }]));
    expect(new Set([[a, b], [b, a], [a], [a, { ...b, version: 4 }], []].map(questionsFingerprint)).size).toBe(5);
  });
});
