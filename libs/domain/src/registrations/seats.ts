export interface Seats {
  confirmed: number;
  waitlisted: number;
  /** null: unlimited. */
  remaining: number | null;
}

/** The event JSON's `seats`, from the counters the registrations module keeps in step with its rows. */
export function seatsOf(event: { capacity: number | null; confirmedCount: number; waitlistedCount: number }): Seats {
  return {
    confirmed: event.confirmedCount,
    waitlisted: event.waitlistedCount,
    remaining: event.capacity === null ? null : Math.max(0, event.capacity - event.confirmedCount),
  };
}
