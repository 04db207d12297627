import { fieldOfPath, inputOf, readForm, withBlankRows } from './question-form';

describe('question form', () => {
  it('reads the posted fields and leaves blank choice rows out of the API body, remembering each row', () => {
    const form = readForm({
      kind: 'multiple_choice',
      labelEn: ' Sessions ',
      labelJa: '',
      required: 'on',
      maxLength: '40',
      'choice.0.id': 'am',
      'choice.0.en': 'Morning',
      'choice.0.ja': '午前',
      'choice.1.id': '',
      'choice.1.en': '',
      'choice.1.ja': '',
      'choice.2.id': '',
      'choice.2.en': '',
      'choice.2.ja': 'パネル',
      extra: 'ignored',
    });
    expect(form).toMatchObject({ kind: 'multiple_choice', labelEn: 'Sessions', required: true });
    const { input, choiceRows } = inputOf(form, 'q1');
    // No max length for a choice kind.
    expect(input).toEqual({
      id: 'q1',
      kind: 'multiple_choice',
      label: { en: 'Sessions' },
      required: true,
      choices: [{ id: 'am', label: { en: 'Morning', ja: '午前' } }, { label: { ja: 'パネル' } }],
    });
    expect(choiceRows).toEqual([0, 2]);
    // The API's choices.1 is the form's third row.
    expect(fieldOfPath('questions.4.choices.1.label', 4, choiceRows)).toBe('choice-2-en');
    expect(fieldOfPath('questions.4.choices.1.label.ja', 4, choiceRows)).toBe('choice-2-ja');
    expect(fieldOfPath('questions.4.label.ja', 4)).toBe('labelJa');
    expect(fieldOfPath('questions.3.label', 4)).toBeUndefined();
  });

  it('passes a max length that is not a number as typed (the DTO refuses it), none when blank', () => {
    const base = { kind: 'short_text', labelEn: 'Role', labelJa: '', required: false, choices: [] };
    expect(inputOf({ ...base, maxLength: 'abc' }).input.maxLength).toBe('abc');
    expect(inputOf({ ...base, maxLength: '40' }).input.maxLength).toBe(40);
    expect('maxLength' in inputOf({ ...base, maxLength: '' }).input).toBe(false);
  });

  it('offers three blank rows after the last used one, at least four', () => {
    expect(withBlankRows([])).toHaveLength(4);
    const used = { id: '', en: 'A', ja: '' };
    const blank = { id: '', en: '', ja: '' };
    expect(withBlankRows([used, blank, blank, blank])).toHaveLength(4);
    expect(withBlankRows([used, used, blank])).toHaveLength(5);
  });
});
