import type { PutQuestionsDto } from '../../apps/api/src/registrations/dto/questions.dto';
import type { ApiHarness } from './api-harness';

/**
 * One registration question of every kind (issue 14), as the host defines
 * them with `PUT /events/:id/questions`: a required short text of at most
 * `roleMax` characters, an optional long text, a required single choice
 * (`bio`, `med`), an optional multiple choice (`c1`...), a required checkbox.
 */
export function everyKindOfQuestion(roleMax = 20, sessions = ['Morning', 'Afternoon', 'Panel']): PutQuestionsDto {
  return {
    questions: [
      { kind: 'short_text', label: { en: 'Your role', ja: '役割' }, required: true, maxLength: roleMax },
      { kind: 'long_text', label: { en: 'What do you hope to learn?' } },
      {
        kind: 'single_choice',
        label: { en: 'Field', ja: '分野' },
        required: true,
        choices: [
          { id: 'bio', label: { en: 'Biology', ja: '生物学' } },
          { id: 'med', label: { en: 'Medicine', ja: '医学' } },
        ],
      },
      { kind: 'multiple_choice', label: { en: 'Sessions' }, choices: sessions.map((en) => ({ label: { en } })) },
      { kind: 'checkbox', label: { en: 'I agree to be recorded', ja: '録画に同意します' }, required: true },
    ],
  } satisfies PutQuestionsDto;
}

export interface DefinedQuestion {
  id: string;
  kind: string;
  version: number;
  label: { en?: string; ja?: string };
  choices: Array<{ id: string }>;
}

/** The host's organizer defines `body` as the questions of `event`; returns them with their ids. */
export async function defineQuestions(
  api: ApiHarness,
  organizer: { headers: Record<string, string> },
  event: { id: string },
  body: PutQuestionsDto,
): Promise<DefinedQuestion[]> {
  const res = await api.http.put(`/api/v1/events/${event.id}/questions`).set(organizer.headers).send(body).expect(200);
  return res.body.questions as DefinedQuestion[];
}
