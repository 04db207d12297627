import { describeMissingCoverage, findCoveringAgreement } from './cohost-agreement';

const span = { start: new Date('2027-05-20T09:00:00Z'), end: new Date('2027-05-20T11:00:00Z') };
const zones = ['Asia/Tokyo', 'Europe/Copenhagen'];
const host = { slug: 'tokyo-hub', name: 'Tokyo Hub' };
const cohost = { slug: 'danish-embassy', name: 'Royal Danish Embassy' };
const agreement = (id: string, terms: { effectiveFrom: string; expiresOn?: string; terminatedOn?: string }) => ({
  id,
  kind: 'MOC',
  expiresOn: null,
  terminatedOn: null,
  ...terms,
});

describe('co-hosting coverage', () => {
  it('is covered when any one agreement covers the span', () => {
    const old = agreement('old', { effectiveFrom: '2020-01-01', expiresOn: '2024-01-01' });
    const current = agreement('current', { effectiveFrom: '2026-01-01' });
    const result = findCoveringAgreement([old, current], span, zones);
    expect(result).toEqual({ covered: true, agreement: current });
  });

  it('names both partners and says when nothing exists', () => {
    const result = findCoveringAgreement([], span, zones);
    expect(result.covered).toBe(false);
    if (result.covered) return;
    const message = describeMissingCoverage(result, host, cohost, span);
    expect(message).toContain('no agreement between Tokyo Hub (tokyo-hub) and Royal Danish Embassy (danish-embassy)');
  });

  it('blames the latest agreement, with its date', () => {
    const expired = agreement('a1', { effectiveFrom: '2020-01-01', expiresOn: '2027-05-20' });
    const terminated = agreement('a2', { effectiveFrom: '2026-01-01', terminatedOn: '2027-03-01' });
    const result = findCoveringAgreement([expired, terminated], span, zones);
    expect(result).toMatchObject({ covered: false, agreement: { id: 'a2' }, gap: { reason: 'terminated' } });
    if (result.covered) return;
    const message = describeMissingCoverage(result, host, cohost, span);
    expect(message).toContain('Tokyo Hub (tokyo-hub)');
    expect(message).toContain('Royal Danish Embassy (danish-embassy)');
    expect(message).toContain('agreement a2');
    expect(message).toContain('it was terminated on 2027-03-01');
  });

  it('uses both calendars: an expiry at Tokyo midnight ends the agreement before an evening event in Copenhagen', () => {
    // 2027-05-19T22:00Z is the 19th in Copenhagen but already the 20th in Tokyo.
    const evening = { start: new Date('2027-05-19T20:00:00Z'), end: new Date('2027-05-19T22:00:00Z') };
    const ending = agreement('a3', { effectiveFrom: '2026-01-01', expiresOn: '2027-05-20' });
    expect(findCoveringAgreement([ending], evening, ['Europe/Copenhagen']).covered).toBe(true);
    expect(findCoveringAgreement([ending], evening, zones)).toMatchObject({
      covered: false,
      gap: { reason: 'expired' },
    });
  });
});
