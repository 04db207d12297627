import { isOffsetDateTime, reminderMillis } from '@cohost/domain';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { IsPlainText } from '../../http/validators';

/** ISO 8601 date-time with an offset (`Z` or `+09:00`), stored as an instant. */
export function IsOffsetDateTime(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isOffsetDateTime',
      validator: {
        validate: (value: unknown) => isOffsetDateTime(value),
        defaultMessage: (args) =>
          `${args?.property} must be an ISO 8601 date-time with an offset, e.g. 2026-05-20T18:00:00+09:00 or 2026-05-20T09:00:00Z`,
      },
    },
    options,
  );
}

/** An ISO 8601 duration in weeks, days, hours, minutes or seconds (P1D, PT1H, PT30M). */
export function IsReminderDuration(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isReminderDuration',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && reminderMillis(value) !== null,
        defaultMessage: (args) =>
          `${args?.property} must hold ISO 8601 durations in weeks, days, hours, minutes or seconds, e.g. P1D, PT1H, PT30M`,
      },
    },
    options,
  );
}

/** `{en, ja}` with at least one language given. */
export function HasOneLanguage(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'hasOneLanguage',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'object' || value === null) return false;
          const text = value as { en?: unknown; ja?: unknown };
          return [text.en, text.ja].some((v) => typeof v === 'string' && v.trim() !== '');
        },
        defaultMessage: (args) => `${args?.property} needs at least one of en or ja, not empty`,
      },
    },
    options,
  );
}

/** A non-blank line of text (titles): CR/LF are accepted and normalised to LF by the service. */
export function IsTitleText(options?: ValidationOptions) {
  return IsPlainText({ max: 200, lines: true }, options);
}

/** Long text (descriptions, reasons): may be empty, may hold line breaks and tabs. */
export function IsLongText(options?: ValidationOptions) {
  return IsPlainText({ max: 10_000, lines: true, blank: true }, options);
}
