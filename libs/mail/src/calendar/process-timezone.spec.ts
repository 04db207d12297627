import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseCalendar, properties } from '../testing/ical-assertions';

interface Output {
  localHour: number;
  ics: string;
  text: string;
  publish: string;
  naive: string;
}

function renderUnder(tz: string): Output {
  const script = join(__dirname, '..', 'testing', 'render-under-tz.ts');
  const stdout = execFileSync(process.execPath, ['-r', '@swc-node/register', script], {
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return JSON.parse(stdout) as Output;
}

describe('calendar instants under any process TZ (checklist 5)', () => {
  let utc: Output;
  let newYork: Output;

  beforeAll(() => {
    utc = renderUnder('UTC');
    newYork = renderUnder('America/New_York');
  });

  it('really ran the two processes in different zones', () => {
    expect(utc.localHour).toBe(9);
    expect(newYork.localHour).toBe(4);
    // And the naive use of ical-generator is indeed wrong under one of them (the trap the test guards against).
    expect(utc.naive).not.toBe(newYork.naive);
  });

  it('writes byte-identical invitations, feeds and email text with the same instants', () => {
    expect(newYork.ics).toBe(utc.ics);
    expect(newYork.publish).toBe(utc.publish);
    expect(newYork.text).toBe(utc.text);
    for (const text of [utc.ics, newYork.ics, utc.publish, newYork.publish]) {
      const [event] = parseCalendar(text).events;
      expect(event.start).toEqual(new Date('2026-12-10T09:00:00Z'));
      expect(event.end).toEqual(new Date('2026-12-10T11:00:00Z'));
      expect(properties(text, 'DTSTART')).toEqual(['DTSTART:20261210T090000Z']);
      expect(properties(text, 'DTSTAMP')[0]).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
    }
    expect(utc.text).toContain('10:00–12:00 CET / 18:00–20:00 JST');
  });
});
