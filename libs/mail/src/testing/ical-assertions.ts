import * as nodeIcal from 'node-ical';

/** Test-only helpers that read calendar files the way a client would. */

export function unfold(text: string): string[] {
  return text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((l) => l.length > 0);
}

/** Property lines (unfolded) whose name is `name`, e.g. `ATTENDEE`. */
export function properties(text: string, name: string): string[] {
  return unfold(text).filter((l) => l.startsWith(`${name};`) || l.startsWith(`${name}:`));
}

export function expectWellFormedLines(text: string): void {
  expect(text.endsWith('\r\n')).toBe(true);
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) {
    expect(line).not.toMatch(/[\r\n]/);
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    // A split UTF-8 sequence would decode to U+FFFD; a split surrogate pair leaves a lone surrogate.
    expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
    expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  }
}

export interface ParsedEvent {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  dtstamp: Date;
  summary: string;
  status?: string;
  method?: string;
}

/** Parses with node-ical (an independent parser) and returns the calendar method and its VEVENTs. */
export function parseCalendar(text: string): { method?: string; events: ParsedEvent[]; components: string[] } {
  const data = nodeIcal.sync.parseICS(text);
  const events: ParsedEvent[] = [];
  const components: string[] = [];
  let method: string | undefined;
  for (const component of Object.values(data)) {
    if (!component) continue;
    components.push(component.type);
    if (component.type === 'VCALENDAR') method = (component as unknown as { method?: string }).method;
    if (component.type === 'VEVENT') {
      const e = component as unknown as Record<string, unknown>;
      events.push({
        uid: String(e.uid),
        sequence: Number(e.sequence),
        start: new Date(e.start as Date),
        end: new Date(e.end as Date),
        dtstamp: new Date(e.dtstamp as Date),
        summary: typeof e.summary === 'string' ? e.summary : String((e.summary as { val?: string })?.val),
        status: e.status as string | undefined,
      });
    }
  }
  return { method, events, components };
}
