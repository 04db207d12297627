import { applyDecorators } from '@nestjs/common';
import { IsEmail, Matches, MaxLength, ValidationOptions } from 'class-validator';

/** Lower-case words joined by dashes: `tokyo-hub`, `danish-embassy`. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function IsSlug(options?: ValidationOptions) {
  return applyDecorators(
    Matches(SLUG_PATTERN, { message: '$property must be lower-case letters and digits joined by dashes', ...options }),
    MaxLength(64, options),
  );
}

/**
 * A plain address: no display name, quotes, spaces or control characters,
 * so it can never smuggle a header into an email.
 */
export function IsStrictEmail(options?: ValidationOptions) {
  return applyDecorators(
    MaxLength(254, options),
    // eslint-disable-next-line no-control-regex -- control characters are what this rejects
    Matches(/^[^\s"'<>(),;:\\[\]\x00-\x1f\x7f]+$/, {
      message: '$property must be a plain email address without spaces, quotes or control characters',
      ...options,
    }),
    IsEmail(
      { allow_display_name: false, allow_ip_domain: false, require_tld: false },
      {
        message: '$property must be an email address',
        ...options,
      },
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

/** Text a person typed: any script, but no control characters (CR/LF included). */
// eslint-disable-next-line no-control-regex -- control characters are what this rejects
export const NO_CONTROL_CHARS = /^[^\x00-\x1f\x7f]*$/;
