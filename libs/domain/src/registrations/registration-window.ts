import { ConflictError, RuleViolationError } from '../errors';

export interface RegistrationWindow {
  status: 'draft' | 'published' | 'cancelled';
  startsAt: Date;
  registrationOpensAt: Date | null;
  /** null = closes at `startsAt`. */
  registrationClosesAt: Date | null;
}

/**
 * May someone register for this event at `now`? Throws the reason otherwise:
 * a wrong state is a conflict (409), a closed window a rule (422). The window
 * closes at `registrationClosesAt`, by default the start; an organizer may
 * set it later (up to the end) to let late joiners in. Once the event has
 * started and the window is closed, the answer says "already started",
 * because that is what users hit most (a late click on a reminder).
 */
export function assertRegistrationOpen(event: RegistrationWindow, now: Date): void {
  if (event.status === 'cancelled') {
    throw new ConflictError('EVENT_CANCELLED', 'This event has been cancelled; registration is closed');
  }
  if (event.status !== 'published') {
    throw new ConflictError('EVENT_NOT_PUBLISHED', 'This event is not published yet; registration is not open');
  }
  if (event.registrationOpensAt && now.getTime() < event.registrationOpensAt.getTime()) {
    throw new RuleViolationError(
      'REGISTRATION_NOT_OPEN',
      `Registration opens at ${event.registrationOpensAt.toISOString()}`,
    );
  }
  const closesAt = event.registrationClosesAt ?? event.startsAt;
  if (now.getTime() < closesAt.getTime()) return;
  if (now.getTime() >= event.startsAt.getTime()) {
    throw new RuleViolationError('EVENT_ALREADY_STARTED', 'This event has already started; registration is closed');
  }
  throw new RuleViolationError('REGISTRATION_CLOSED', `Registration closed at ${closesAt.toISOString()}`);
}
