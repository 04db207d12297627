import { ConflictError, RuleViolationError } from '../errors';

export interface RegistrationWindow {
  /** The event's status ('draft' | 'published' | 'cancelled'). */
  status: string;
  startsAt: Date;
  registrationOpensAt: Date | null;
  /** null = closes at `startsAt`. */
  registrationClosesAt: Date | null;
}

/**
 * Where an event's registration window stands at `now`, whatever its seats:
 * `open`; `cancelled` or `not_published` (a wrong state); `not_open` (before
 * `registrationOpensAt`); `started` (the window closed and the event has
 * begun: what users hit most, a late click on a reminder); `closed` (the
 * window closed before the start). The window closes at
 * `registrationClosesAt`, by default the start; an organizer may set it
 * later (up to the end) to let late joiners in. The API refuses with it
 * (`assertRegistrationOpen`) and the pages say it.
 */
export type RegistrationWindowState = 'open' | 'cancelled' | 'not_published' | 'not_open' | 'started' | 'closed';

export function registrationWindowState(event: RegistrationWindow, now: Date): RegistrationWindowState {
  if (event.status === 'cancelled') return 'cancelled';
  if (event.status !== 'published') return 'not_published';
  if (event.registrationOpensAt && now.getTime() < event.registrationOpensAt.getTime()) return 'not_open';
  const closesAt = event.registrationClosesAt ?? event.startsAt;
  if (now.getTime() < closesAt.getTime()) return 'open';
  return now.getTime() >= event.startsAt.getTime() ? 'started' : 'closed';
}

/**
 * May someone register for this event at `now`? Throws the reason otherwise:
 * a wrong state is a conflict (409), a closed window a rule (422).
 */
export function assertRegistrationOpen(event: RegistrationWindow, now: Date): void {
  switch (registrationWindowState(event, now)) {
    case 'open':
      return;
    case 'cancelled':
      throw new ConflictError('EVENT_CANCELLED', 'This event has been cancelled; registration is closed');
    case 'not_published':
      throw new ConflictError('EVENT_NOT_PUBLISHED', 'This event is not published yet; registration is not open');
    case 'not_open':
      throw new RuleViolationError(
        'REGISTRATION_NOT_OPEN',
        `Registration opens at ${event.registrationOpensAt!.toISOString()}`,
      );
    case 'started':
      throw new RuleViolationError('EVENT_ALREADY_STARTED', 'This event has already started; registration is closed');
    case 'closed':
      throw new RuleViolationError(
        'REGISTRATION_CLOSED',
        `Registration closed at ${(event.registrationClosesAt ?? event.startsAt).toISOString()}`,
      );
  }
}
