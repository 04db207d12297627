/* global window */
// The span of a webinar on one clock, formatted as the server does
// (apps/api/src/pages/page-format.ts): used by pages.js (the visitor's zone)
// and console-organizer.js (each partner's zone in the webinar form).
(function () {
  'use strict';
  // A formatter of `start`-`end` in `zone` for 'ja' or 'en'; throws on an unknown zone.
  window.cohostTimeSpan = function (lang, zone) {
    var locale = lang === 'ja' ? 'ja-JP' : 'en-GB';
    var date = new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      weekday: 'short',
    });
    var time = new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    var zoneName = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'long' });
    return function (start, end) {
      var parts = zoneName.formatToParts(start);
      var name = zone;
      for (var i = 0; i < parts.length; i++) if (parts[i].type === 'timeZoneName') name = parts[i].value;
      var sameDay = date.format(start) === date.format(end);
      if (lang === 'ja') {
        return (
          date.format(start) +
          ' ' +
          time.format(start) +
          '〜' +
          (sameDay ? '' : date.format(end) + ' ') +
          time.format(end) +
          '(' +
          name +
          ')'
        );
      }
      return sameDay
        ? date.format(start) + ', ' + time.format(start) + '–' + time.format(end) + ' (' + name + ')'
        : date.format(start) +
            ', ' +
            time.format(start) +
            ' – ' +
            date.format(end) +
            ', ' +
            time.format(end) +
            ' (' +
            name +
            ')';
    };
  };
})();
