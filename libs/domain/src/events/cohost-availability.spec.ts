import { cohostAvailability, partitionCohostCandidates, PartnerAgreement } from './cohost-availability';

const tokyo = { id: 'hub', timezone: 'Asia/Tokyo' };
const embassy = { id: 'embassy', timezone: 'Europe/Copenhagen' };
const osaka = { id: 'osaka', timezone: 'Asia/Tokyo' };
const span = { start: new Date('2027-05-20T09:00:00Z'), end: new Date('2027-05-20T11:00:00Z') };

function agreement(id: string, a: string, b: string, terms: Partial<PartnerAgreement>): PartnerAgreement {
  return {
    id,
    kind: 'MOC',
    partnerAId: a,
    partnerBId: b,
    effectiveFrom: '2026-01-01',
    expiresOn: null,
    terminatedOn: null,
    ...terms,
  };
}

describe('co-host availability', () => {
  it('is available under an agreement active over the whole span, in either direction', () => {
    const mine = agreement('a1', 'hub', 'embassy', {});
    const theirs = agreement('a2', 'embassy', 'hub', {});
    expect(cohostAvailability(tokyo, embassy, [mine], span)).toEqual({
      available: true,
      agreementId: 'a1',
      kind: 'MOC',
    });
    expect(cohostAvailability(tokyo, embassy, [theirs], span)).toMatchObject({ available: true, agreementId: 'a2' });
  });

  it('says "no agreement" when none exists between the two (agreements with others do not count)', () => {
    const withOthers = [agreement('a1', 'hub', 'osaka', {}), agreement('a2', 'osaka', 'embassy', {})];
    expect(cohostAvailability(tokyo, embassy, withOthers, span)).toEqual({
      available: false,
      why: { reason: 'no_agreement' },
    });
  });

  it.each([
    ['not yet effective', { effectiveFrom: '2027-06-01' }, 'not_yet_effective', '2027-06-01'],
    ['expired before the end', { expiresOn: '2027-05-20' }, 'expired', '2027-05-20'],
    ['terminated before the end', { terminatedOn: '2027-03-01' }, 'terminated', '2027-03-01'],
    [
      'terminated before it expires',
      { expiresOn: '2027-04-01', terminatedOn: '2027-03-01' },
      'terminated',
      '2027-03-01',
    ],
  ] as const)('names the reason and its date when %s', (_, terms, reason, date) => {
    const result = cohostAvailability(tokyo, embassy, [agreement('a1', 'hub', 'embassy', terms)], span);
    expect(result).toEqual({ available: false, why: { reason, date, agreementId: 'a1', kind: 'MOC' } });
  });

  it('judges on both calendars, as the API does: Tokyo has reached the expiry day while Copenhagen has not', () => {
    // 2027-05-19 20:00-22:00 UTC is the evening of the 19th in Copenhagen, the 20th in Tokyo.
    const evening = { start: new Date('2027-05-19T20:00:00Z'), end: new Date('2027-05-19T22:00:00Z') };
    const ending = [agreement('a1', 'hub', 'embassy', { expiresOn: '2027-05-20' })];
    const copenhagenHost = { id: 'hub', timezone: 'Europe/Copenhagen' };
    expect(cohostAvailability(copenhagenHost, embassy, ending, evening).available).toBe(true);
    expect(cohostAvailability(tokyo, embassy, ending, evening)).toMatchObject({
      available: false,
      why: { reason: 'expired', date: '2027-05-20' },
    });
  });

  it('any covering agreement is enough; otherwise the most recently effective one is blamed', () => {
    const old = agreement('old', 'hub', 'embassy', { effectiveFrom: '2020-01-01', expiresOn: '2024-01-01' });
    const next = agreement('next', 'hub', 'embassy', { effectiveFrom: '2027-06-01' });
    const current = agreement('current', 'embassy', 'hub', { effectiveFrom: '2025-01-01' });
    expect(cohostAvailability(tokyo, embassy, [old, next, current], span)).toMatchObject({
      available: true,
      agreementId: 'current',
    });
    expect(cohostAvailability(tokyo, embassy, [old, next], span)).toMatchObject({
      why: { reason: 'not_yet_effective', agreementId: 'next' },
    });
  });

  it('partitions every partner but the host, keeping the given order', () => {
    const agreements = [
      agreement('a1', 'hub', 'osaka', {}),
      agreement('a2', 'hub', 'embassy', { expiresOn: '2027-01-01' }),
    ];
    const result = partitionCohostCandidates(tokyo, [embassy, tokyo, osaka], agreements, span);
    expect(result.available.map((c) => c.partner.id)).toEqual(['osaka']);
    expect(result.unavailable).toEqual([
      { partner: embassy, reason: 'expired', date: '2027-01-01', agreementId: 'a2', kind: 'MOC' },
    ]);
  });
});
