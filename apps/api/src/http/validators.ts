import {
  canonicalTimeZone,
  EVENT_SLUG_PATTERN,
  hasVisibleText,
  isCleanText,
  isEventSlug,
  normalizeEmail,
  TextRules,
} from '@cohost/domain';
import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';

/**
 * The input rules every body DTO uses, one decorator per kind of field, so
 * that a rule (what a text may hold, what an address is) is written once.
 * The rules themselves are pure functions in `libs/domain`.
 */

/**
 * An optional field that may be left out but is never `null`: null is
 * validated like any other value, and so refused (class-validator's
 * `IsOptional` would let it through to the service). Fields where null
 * means something (unlimited capacity, no window, remove a language) keep
 * `IsOptional`.
 */
export function MayBeOmitted() {
  return ValidateIf((_, value) => value !== undefined);
}

/** A nested object (`consent`, `title`, `name`...): an object, not null, an array or a scalar; then its own fields. */
export function IsNestedObject(type: () => new () => object, options?: ValidationOptions) {
  return applyDecorators(
    IsObject({ message: '$property must be an object', ...options }),
    ValidateNested(options),
    Type(type),
  );
}

/** Lower-case words joined by dashes: `tokyo-hub`, `danish-embassy` (partners and events share the shape). */
export function IsSlug(options?: ValidationOptions) {
  return applyDecorators(
    IsString(options),
    Matches(EVENT_SLUG_PATTERN, {
      message: '$property must be lower-case letters and digits joined by dashes',
      ...options,
    }),
    MaxLength(64, options),
  );
}

/** A slug an event may take: a slug, and not shaped like an event id (a UUID), which routes resolve as an id. */
export function IsEventSlug(options?: ValidationOptions) {
  return applyDecorators(
    IsSlug(options),
    ValidateBy(
      {
        name: 'isEventSlug',
        validator: {
          validate: (value: unknown) => typeof value !== 'string' || isEventSlug(value),
          defaultMessage: (args) => `${args?.property} must not be shaped like an event id (a UUID)`,
        },
      },
      options,
    ),
  );
}

export interface PlainTextOptions extends TextRules {
  max: number;
  /** Empty or only spaces allowed (a description may be empty; a name may not). */
  blank?: boolean;
}

/**
 * Text a person typed, in any script: a string of at most `max` characters
 * holding none of the characters `isCleanText` refuses (controls, C1,
 * bidi controls, lone surrogates...), and unless `blank`, something visible.
 */
export function IsPlainText(rules: PlainTextOptions, options?: ValidationOptions) {
  const decorators = [
    IsString(options),
    MaxLength(rules.max, options),
    ValidateBy(
      {
        name: 'isPlainText',
        validator: {
          validate: (value: unknown) => typeof value !== 'string' || isCleanText(value, rules),
          defaultMessage: (args) =>
            rules.lines
              ? `${args?.property} must not contain control characters other than line breaks and tabs, direction controls or broken characters`
              : `${args?.property} must not contain control characters, line breaks, direction controls or broken characters`,
        },
      },
      options,
    ),
  ];
  if (!rules.blank) {
    decorators.push(
      ValidateBy(
        {
          name: 'hasVisibleText',
          validator: {
            validate: (value: unknown) => typeof value !== 'string' || hasVisibleText(value),
            defaultMessage: (args) => `${args?.property} must not be empty or only spaces`,
          },
        },
        options,
      ),
    );
  }
  return applyDecorators(...decorators);
}

const normalizeAddress = (value: unknown): unknown =>
  typeof value === 'string' ? (normalizeEmail(value).address ?? value) : value;

/**
 * A plain email address (no display name, quotes, spaces or control
 * characters, so it can never smuggle a header into an email), replaced by
 * its normal form (`normalizeEmail`: NFKC, punycode domain, lower case)
 * before anything compares or stores it. Invisible characters and domains
 * without a dot are refused.
 */
export function IsStrictEmail(options?: ValidationOptions) {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      options?.each && Array.isArray(value) ? value.map(normalizeAddress) : normalizeAddress(value),
    ),
    IsString(options),
    ValidateBy(
      {
        name: 'isStrictEmail',
        validator: {
          validate: (value: unknown) => typeof value !== 'string' || normalizeEmail(value).address === value,
          defaultMessage: (args) => {
            const value: unknown = args?.value;
            const problem = typeof value === 'string' ? normalizeEmail(value).problem : undefined;
            return options?.each
              ? `each value in ${args?.property} must be a plain email address with a dotted domain, without spaces, quotes, invisible or control characters`
              : `${args?.property} ${problem ?? 'must be an email address'}`;
          },
        },
      },
      options,
    ),
  );
}

/**
 * An IANA time zone, in any case and under any alias, replaced by its
 * canonical name (`asia/tokyo` -> `Asia/Tokyo`, `Asia/Calcutta` ->
 * `Asia/Kolkata`) so that one zone is stored under one name.
 */
export function IsIanaTimeZone(options?: ValidationOptions) {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => canonicalTimeZone(value) ?? value),
    IsString(options),
    ValidateBy(
      {
        name: 'isIanaTimeZone',
        validator: {
          validate: (value: unknown) => typeof value !== 'string' || canonicalTimeZone(value) === value,
          defaultMessage: (args) => `${args?.property} must be an IANA time zone such as Asia/Tokyo`,
        },
      },
      options,
    ),
  );
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function IsCalendarDate(options?: ValidationOptions) {
  return applyDecorators(
    Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
      message: '$property must be a date YYYY-MM-DD',
      ...options,
    }),
  );
}

export function isRealDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
