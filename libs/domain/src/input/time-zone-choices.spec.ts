import { canonicalTimeZone, timeZoneChoices } from './time-zone';

describe('time zone names', () => {
  it('gives the current name of renamed zones, whichever name comes in', () => {
    const renamed: Array<[string, string]> = [
      ['Asia/Calcutta', 'Asia/Kolkata'],
      ['Europe/Kiev', 'Europe/Kyiv'],
      ['Asia/Saigon', 'Asia/Ho_Chi_Minh'],
      ['Asia/Katmandu', 'Asia/Kathmandu'],
      ['America/Godthab', 'America/Nuuk'],
    ];
    for (const [old, current] of renamed) {
      expect(canonicalTimeZone(old)).toBe(current);
      expect(canonicalTimeZone(current)).toBe(current);
      expect(canonicalTimeZone(old.toLowerCase())).toBe(current);
    }
  });

  it('keeps ordinary zones and fixes their case', () => {
    expect(canonicalTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(canonicalTimeZone('asia/tokyo')).toBe('Asia/Tokyo');
    expect(canonicalTimeZone('Europe/Copenhagen')).toBe('Europe/Copenhagen');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
  });

  it('refuses what is not a zone name', () => {
    for (const bad of [
      'Mars/Olympus',
      '+09:00',
      '<script>',
      '',
      ' Asia/Tokyo',
      'Asia/Tokyo\n',
      'x'.repeat(80),
      9,
      null,
    ]) {
      expect(canonicalTimeZone(bad)).toBeNull();
    }
  });

  it('offers current names only, each once, sorted', () => {
    const zones = timeZoneChoices();
    expect(zones).toEqual(expect.arrayContaining(['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Ho_Chi_Minh', 'UTC']));
    for (const old of ['Asia/Calcutta', 'Europe/Kiev', 'Asia/Saigon']) expect(zones).not.toContain(old);
    expect(new Set(zones).size).toBe(zones.length);
    expect([...zones].sort()).toEqual(zones);
    for (const zone of zones) expect(canonicalTimeZone(zone)).toBe(zone);
  });
});
