/**
 * Test-only child process script: renders the fixture's calendar and text in
 * whatever `TZ` the process was started with, and prints them as JSON.
 */
import ical from 'ical-generator';
import { buildPublishCalendar } from '../calendar/publish-calendar';
import { renderMessage } from '../render/render-message';
import { mailContext } from './mail-context.fixture';

const ctx = mailContext({
  recipient: { email: 'anna@example.dk', name: 'Anna', locale: 'en', timezone: 'Europe/Copenhagen' },
});
const message = renderMessage(ctx);
const publish = buildPublishCalendar([{ ...ctx.event, host: { name: ctx.host.name }, cohosts: ctx.cohosts }], {
  name: 'x',
  lang: 'en',
  stamp: ctx.sentAt,
});
// The trap this library avoids: plain Dates plus a timezone give the local clock under a TZID label.
const naive = ical({ timezone: 'Asia/Tokyo' });
naive.createEvent({ id: 'x', start: ctx.event.startsAt, end: ctx.event.endsAt, stamp: ctx.sentAt, summary: 'x' });

process.stdout.write(
  JSON.stringify({
    localHour: ctx.event.startsAt.getHours(),
    ics: message.icalEvent?.content,
    text: message.text,
    publish,
    naive: naive.toString(),
  }),
);
