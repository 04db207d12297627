import { canonicalTimeZone } from './time-zone';

describe('canonicalTimeZone', () => {
  it('keeps canonical names', () => {
    for (const zone of ['Asia/Tokyo', 'Europe/Copenhagen', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/GMT+9']) {
      expect(canonicalTimeZone(zone)).toBe(zone);
    }
  });

  it('fixes the case', () => {
    expect(canonicalTimeZone('asia/tokyo')).toBe('Asia/Tokyo');
    expect(canonicalTimeZone('ASIA/TOKYO')).toBe('Asia/Tokyo');
    expect(canonicalTimeZone('europe/copenhagen')).toBe('Europe/Copenhagen');
    expect(canonicalTimeZone('utc')).toBe('UTC');
  });

  it('resolves aliases and renamed zones to the current name', () => {
    expect(canonicalTimeZone('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('asia/kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('Europe/Kiev')).toBe('Europe/Kyiv');
    expect(canonicalTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
    expect(canonicalTimeZone('Asia/Saigon')).toBe('Asia/Ho_Chi_Minh');
    expect(canonicalTimeZone('US/Eastern')).toBe('America/New_York');
    expect(canonicalTimeZone('Etc/UTC')).toBe('UTC');
  });

  it('every canonical name is one Intl accepts and maps to itself', () => {
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const canonical = canonicalTimeZone(zone)!;
      expect(canonical).not.toBeNull();
      expect(canonicalTimeZone(canonical)).toBe(canonical);
    }
  });

  it.each([
    'Mars/Olympus',
    'Tokyo',
    '+09:00',
    '-05:00',
    'Asia/Tokyo ',
    ' Asia/Tokyo',
    'Asia//Tokyo',
    'Asia/Tokyo/',
    '../etc/passwd',
    'Asia/Tokyo\u0000',
    '',
    'x'.repeat(100),
  ])('refuses %j', (zone) => {
    expect(canonicalTimeZone(zone)).toBeNull();
  });

  it('refuses what is not a string', () => {
    for (const value of [null, undefined, 9, ['Asia/Tokyo'], { zone: 'Asia/Tokyo' }]) {
      expect(canonicalTimeZone(value)).toBeNull();
    }
  });
});
