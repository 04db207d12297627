import { calendarUid } from './calendar-uid';

describe('calendarUid', () => {
  it('is the same for the same event, forever, and only uses [A-Za-z0-9._@-] (checklist 1)', () => {
    const id = '3f1c2a9e-7b5d-4c21-9e0a-5d8f6b7c1a20';
    expect(calendarUid(id)).toBe('3f1c2a9e-7b5d-4c21-9e0a-5d8f6b7c1a20@cohost');
    expect(calendarUid(id)).toBe(calendarUid(id));
    expect(calendarUid(id)).toMatch(/^[A-Za-z0-9._@-]+$/);
    expect(calendarUid('another-event')).not.toBe(calendarUid(id));
  });

  it('refuses ids that would need characters outside the UID alphabet', () => {
    for (const bad of ['', 'a b', 'x\r\nUID:y', 'a:b', 'ü']) expect(() => calendarUid(bad)).toThrow(/calendar UID/);
  });
});
