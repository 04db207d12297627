import { ConflictError, DomainError, RuleViolationError } from '@cohost/domain';

export const registrationExists = (): DomainError =>
  new ConflictError('REGISTRATION_EXISTS', 'This email address is already registered for this event');

/**
 * No seat and no waitlist, said by the event's status as read in the
 * registering transaction (it may have been cancelled meanwhile); `undefined`
 * when the row is gone.
 */
export function noPlace(status: string | undefined): DomainError {
  if (status === 'cancelled') {
    return new ConflictError('EVENT_CANCELLED', 'This event has been cancelled; registration is closed');
  }
  if (status !== 'published') {
    return new ConflictError('EVENT_NOT_PUBLISHED', 'This event is not published; registration is not open');
  }
  return new RuleViolationError('EVENT_FULL', 'This event is full and has no waitlist');
}

/** A members event with `seatsPerOrganization` and no waitlist: the registrant's organization used its seats. */
export const organizationFull = (): DomainError =>
  new RuleViolationError(
    'ORGANIZATION_FULL',
    'Your organization has used all the seats it may take at this event, and the event has no waitlist',
  );
