/**
 * What a personal join link (`/j/<token>`) does when opened: only a
 * registration confirmed now, of an event not cancelled, during the join
 * window (`joinWindowMinutes` before the start until the end) is led to the
 * meeting; before, a page with the time; after, a page saying it has ended.
 * A cancelled or waitlisted registration never sees the meeting URL.
 */
export type JoinLinkState = 'before' | 'open' | 'ended' | 'event_cancelled' | 'cancelled' | 'waitlisted';

export interface JoinLinkFacts {
  event: { status: 'draft' | 'published' | 'cancelled'; startsAt: Date; endsAt: Date; joinWindowMinutes: number };
  registration: { status: 'confirmed' | 'waitlisted' | 'cancelled' };
}

export function joinLinkState({ event, registration }: JoinLinkFacts, now: Date): JoinLinkState {
  if (event.status === 'cancelled') return 'event_cancelled';
  if (registration.status !== 'confirmed') return registration.status;
  if (now.getTime() >= event.endsAt.getTime()) return 'ended';
  const opens = event.startsAt.getTime() - event.joinWindowMinutes * 60_000;
  return now.getTime() >= opens ? 'open' : 'before';
}

/** When the join window opens. */
export function joinWindowOpensAt(event: JoinLinkFacts['event']): Date {
  return new Date(event.startsAt.getTime() - event.joinWindowMinutes * 60_000);
}
