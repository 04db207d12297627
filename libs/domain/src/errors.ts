/**
 * Errors raised by rules and services. Each carries a stable machine-readable
 * `code`; the HTTP layer maps the class to a status in one filter, so services
 * never think in status codes.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export type DomainErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'rule';

/** Input that passed shape validation but is still wrong (400). */
export class InvalidInputError extends DomainError {
  readonly kind = 'invalid';
}

/** The caller may not do this to this object (403). */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}

/** No such object, or not visible to the caller (404). */
export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
}

/** Duplicate or wrong state (409). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}

/** A business rule is violated: agreement, capacity, window (422). */
export class RuleViolationError extends DomainError {
  readonly kind = 'rule';
}
