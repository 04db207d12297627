import { seatsOf } from './seats';

describe('seatsOf', () => {
  it('counts remaining seats, none below zero, null when unlimited', () => {
    expect(seatsOf({ capacity: 10, confirmedCount: 7, waitlistedCount: 0 })).toEqual({
      confirmed: 7,
      waitlisted: 0,
      remaining: 3,
    });
    // Capacity lowered below the confirmed count: nobody is removed, nothing remains.
    expect(seatsOf({ capacity: 5, confirmedCount: 7, waitlistedCount: 2 }).remaining).toBe(0);
    expect(seatsOf({ capacity: null, confirmedCount: 7, waitlistedCount: 0 }).remaining).toBeNull();
  });
});
