import { isOffsetDateTime, reminderMillis } from '@cohost/domain';
import { applyDecorators } from '@nestjs/common';
import { Matches, MaxLength, ValidateBy, ValidationOptions } from 'class-validator';

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

/** Text a person typed, line breaks and tabs allowed but no other control characters. */
// eslint-disable-next-line no-control-regex -- control characters are what this rejects
export const NO_CONTROL_CHARS_BUT_LINES = /^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$/;

/** A non-blank line of text (titles): CR/LF are accepted and normalised to LF by the service. */
export function IsTitleText(options?: ValidationOptions) {
  return applyDecorators(
    MaxLength(200, options),
    Matches(/\S/, { message: '$property must not be empty', ...options }),
    Matches(NO_CONTROL_CHARS_BUT_LINES, {
      message: '$property must not contain control characters other than line breaks',
      ...options,
    }),
  );
}

export function IsLongText(options?: ValidationOptions) {
  return applyDecorators(
    MaxLength(10_000, options),
    Matches(NO_CONTROL_CHARS_BUT_LINES, {
      message: '$property must not contain control characters other than line breaks and tabs',
      ...options,
    }),
  );
}
