import {
  agreementCoversSpan,
  agreementEnd,
  agreementState,
  describeCoverageGap,
  isActiveOn,
} from './agreement-coverage';

const TOKYO = 'Asia/Tokyo';
const COPENHAGEN = 'Europe/Copenhagen';
const span = (start: string, end: string) => ({ start: new Date(start), end: new Date(end) });

describe('isActiveOn', () => {
  const terms = { effectiveFrom: '2026-04-01', expiresOn: '2027-04-01' };

  it('is active from the effective day', () => {
    expect(isActiveOn(terms, '2026-03-31')).toBe(false);
    expect(isActiveOn(terms, '2026-04-01')).toBe(true);
  });

  it('is no longer active on the expiry day (exclusive)', () => {
    expect(isActiveOn(terms, '2027-03-31')).toBe(true);
    expect(isActiveOn(terms, '2027-04-01')).toBe(false);
  });

  it('ends at the termination day when it comes before expiry', () => {
    const terminated = { ...terms, terminatedOn: '2026-10-01' };
    expect(isActiveOn(terminated, '2026-09-30')).toBe(true);
    expect(isActiveOn(terminated, '2026-10-01')).toBe(false);
  });

  it('has no end without expiry or termination', () => {
    expect(isActiveOn({ effectiveFrom: '2020-01-01' }, '2099-12-31')).toBe(true);
  });
});

describe('agreementEnd', () => {
  it('takes the earlier of expiry and termination', () => {
    expect(agreementEnd({ effectiveFrom: '2026-01-01', expiresOn: '2027-01-01', terminatedOn: '2026-06-01' })).toEqual({
      date: '2026-06-01',
      reason: 'terminated',
    });
    expect(agreementEnd({ effectiveFrom: '2026-01-01', expiresOn: '2026-05-01', terminatedOn: '2026-06-01' })).toEqual({
      date: '2026-05-01',
      reason: 'expired',
    });
    expect(agreementEnd({ effectiveFrom: '2026-01-01' })).toBeNull();
  });
});

describe('agreementCoversSpan', () => {
  const terms = { effectiveFrom: '2026-04-01', expiresOn: '2026-12-01' };

  it('covers a span inside the active days', () => {
    expect(
      agreementCoversSpan(terms, span('2026-06-10T01:00:00Z', '2026-06-10T03:00:00Z'), [TOKYO, COPENHAGEN]),
    ).toEqual({
      covered: true,
    });
  });

  it('covers a span starting exactly at the first active midnight of the zone', () => {
    // 2026-04-01 00:00 in Tokyo is 2026-03-31T15:00Z.
    expect(agreementCoversSpan(terms, span('2026-03-31T15:00:00Z', '2026-03-31T16:00:00Z'), [TOKYO]).covered).toBe(
      true,
    );
    expect(agreementCoversSpan(terms, span('2026-03-31T14:59:59Z', '2026-03-31T16:00:00Z'), [TOKYO])).toEqual({
      covered: false,
      reason: 'not_yet_effective',
      date: '2026-04-01',
    });
  });

  it('treats the expiry day as exclusive: a span may end at its midnight, not after', () => {
    // 2026-12-01 00:00 in Copenhagen (CET, +01:00) is 2026-11-30T23:00Z.
    expect(agreementCoversSpan(terms, span('2026-11-30T21:00:00Z', '2026-11-30T23:00:00Z'), [COPENHAGEN]).covered).toBe(
      true,
    );
    expect(agreementCoversSpan(terms, span('2026-11-30T21:00:00Z', '2026-11-30T23:00:01Z'), [COPENHAGEN])).toEqual({
      covered: false,
      reason: 'expired',
      date: '2026-12-01',
    });
  });

  it('requires the whole span, not only its start, to be covered', () => {
    // Starts on the last active day, ends on the expiry day in Tokyo.
    const result = agreementCoversSpan(terms, span('2026-11-30T14:00:00Z', '2026-11-30T16:00:00Z'), [TOKYO]);
    expect(result).toEqual({ covered: false, reason: 'expired', date: '2026-12-01' });
  });

  it('judges a span crossing midnight in Tokyo but not in Copenhagen by both calendars', () => {
    // 2026-11-30T15:30Z is 00:30 on Dec 1 in Tokyo, 16:30 on Nov 30 in Copenhagen.
    const crossing = span('2026-11-30T14:30:00Z', '2026-11-30T15:30:00Z');
    expect(agreementCoversSpan(terms, crossing, [COPENHAGEN]).covered).toBe(true);
    expect(agreementCoversSpan(terms, crossing, [TOKYO]).covered).toBe(false);
    expect(agreementCoversSpan(terms, crossing, [TOKYO, COPENHAGEN]).covered).toBe(false);
  });

  it('judges a span crossing midnight in Copenhagen but not in Tokyo by both calendars', () => {
    // 2026-03-31T21:30Z is 23:30 Mar 31 in Copenhagen (CEST), 06:30 Apr 1 in Tokyo.
    const crossing = span('2026-03-31T21:30:00Z', '2026-03-31T22:30:00Z');
    expect(agreementCoversSpan(terms, crossing, [TOKYO]).covered).toBe(true);
    expect(agreementCoversSpan(terms, crossing, [COPENHAGEN])).toEqual({
      covered: false,
      reason: 'not_yet_effective',
      date: '2026-04-01',
    });
  });

  it('stops at termination before expiry', () => {
    const terminated = { ...terms, terminatedOn: '2026-09-01' };
    expect(agreementCoversSpan(terminated, span('2026-09-15T01:00:00Z', '2026-09-15T02:00:00Z'), [TOKYO])).toEqual({
      covered: false,
      reason: 'terminated',
      date: '2026-09-01',
    });
  });

  it('uses the offset of the date itself across daylight saving', () => {
    // Copenhagen is +02:00 in summer: 2026-07-01 00:00 local is 2026-06-30T22:00Z.
    const summer = { effectiveFrom: '2026-07-01' };
    expect(
      agreementCoversSpan(summer, span('2026-06-30T22:00:00Z', '2026-06-30T23:00:00Z'), [COPENHAGEN]).covered,
    ).toBe(true);
    expect(
      agreementCoversSpan(summer, span('2026-06-30T21:59:00Z', '2026-06-30T23:00:00Z'), [COPENHAGEN]).covered,
    ).toBe(false);
  });

  it('describes the gap in words', () => {
    expect(describeCoverageGap({ covered: false, reason: 'expired', date: '2026-12-01' })).toBe(
      'it expires on 2026-12-01',
    );
    expect(describeCoverageGap({ covered: false, reason: 'terminated', date: '2026-09-01' })).toBe(
      'it was terminated on 2026-09-01',
    );
    expect(describeCoverageGap({ covered: false, reason: 'not_yet_effective', date: '2026-04-01' })).toBe(
      'it only takes effect on 2026-04-01',
    );
  });
});

describe('agreementState', () => {
  const terms = { effectiveFrom: '2026-04-01', expiresOn: '2029-04-01', terminatedOn: null };
  it.each([
    ['2026-03-31', terms, 'upcoming'],
    ['2026-04-01', terms, 'active'],
    ['2029-03-31', terms, 'active'],
    ['2029-04-01', terms, 'expired'],
    ['2027-01-01', { ...terms, terminatedOn: '2027-01-01' }, 'terminated'],
    ['2026-12-31', { ...terms, terminatedOn: '2027-01-01' }, 'active'],
    ['2026-03-01', { ...terms, terminatedOn: '2026-04-01' }, 'terminated'],
    ['2030-01-01', { effectiveFrom: '2026-04-01' }, 'active'],
  ] as const)('on %s -> %s', (day, t, state) => {
    expect(agreementState(t, day)).toBe(state);
  });
});
