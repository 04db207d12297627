/* global document, window */
// Progressive enhancement of the webinar form: the start and end typed in the
// event's zone are shown live on each partner's clock, formatted as the
// server does (time-span.js, after pages/page-format.ts). Without this file, the "show these
// times" button asks the server for the same list.
(function () {
  'use strict';
  var form = document.querySelector('form[data-zone-preview]');
  if (!form || typeof Intl === 'undefined' || !window.cohostTimeSpan) return;
  var startInput = form.querySelector('#f-startsAt');
  var endInput = form.querySelector('#f-endsAt');
  var zoneSelect = form.querySelector('#f-timezone');
  var rows = form.querySelectorAll('[data-zone-rows] li[data-zone]');
  var empty = form.querySelector('[data-zones-empty]');
  if (!startInput || !endInput || !zoneSelect || rows.length === 0) return;
  var lang = document.documentElement.lang === 'ja' ? 'ja' : 'en';

  // The zone's offset from UTC at an instant, in ms.
  function offset(utc, zone) {
    var parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(utc));
    var v = {};
    for (var i = 0; i < parts.length; i++) v[parts[i].type] = Number(parts[i].value);
    return Date.UTC(v.year, v.month - 1, v.day, v.hour % 24, v.minute, v.second) - utc;
  }

  // A datetime-local value on the wall clock of `zone`; null when unreadable or skipped by the clocks.
  function instant(local, zone) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
    if (!m) return null;
    var wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
    var utc = wall - offset(wall - offset(wall, zone), zone);
    return utc + offset(utc, zone) === wall ? new Date(utc) : null;
  }

  function update() {
    var zone = zoneSelect.value;
    var start, end;
    try {
      start = instant(startInput.value, zone);
      end = instant(endInput.value, zone);
    } catch {
      start = end = null;
    }
    var readable = start && end && end > start;
    if (empty) empty.hidden = Boolean(readable);
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      if (row.hasAttribute('data-own-zone')) {
        row.setAttribute('data-zone', zone);
        row.querySelector('[data-zone-name]').textContent = zone;
      }
      var when = row.querySelector('[data-when]');
      try {
        when.textContent = readable ? window.cohostTimeSpan(lang, row.getAttribute('data-zone'))(start, end) : '—';
      } catch {
        when.textContent = '—';
      }
    }
  }

  startInput.addEventListener('input', update);
  endInput.addEventListener('input', update);
  zoneSelect.addEventListener('change', update);
})();
