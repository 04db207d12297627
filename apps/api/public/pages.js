/* global document, window */
// Progressive enhancement only: every page works without this file.
// 1. Pre-select the browser's time zone in the registration form (still editable).
// 2. Remember it in a cookie so the server shows times in it on the next pages.
// 3. Show the times on this page in that zone, formatted like the server does (time-span.js).
// 4. After a failed submit, move the focus to the error summary so screen readers read it
//    (the summary also has `autofocus`; this covers browsers that ignore it on a div).
(function () {
  'use strict';
  var summary = document.getElementById('form-error');
  if (summary && document.activeElement !== summary) summary.focus();

  // Zones renamed in the IANA database that older browsers still report under the old
  // name; the form lists the current names (libs/domain/src/time-zones.ts has the full table).
  var RENAMED = {
    'Asia/Calcutta': 'Asia/Kolkata',
    'Asia/Katmandu': 'Asia/Kathmandu',
    'Asia/Rangoon': 'Asia/Yangon',
    'Asia/Saigon': 'Asia/Ho_Chi_Minh',
    'Europe/Kiev': 'Europe/Kyiv',
    'Atlantic/Faeroe': 'Atlantic/Faroe',
    'America/Godthab': 'America/Nuuk',
    'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
    'America/Indianapolis': 'America/Indiana/Indianapolis',
    'Pacific/Enderbury': 'Pacific/Kanton',
  };
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }
  if (!zone) return;
  zone = RENAMED[zone] || zone;

  var select = document.querySelector('select[name="timezone"][data-detect="yes"]');
  if (select) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) {
        select.selectedIndex = i;
        break;
      }
    }
  }

  if (document.cookie.indexOf('tz=' + encodeURIComponent(zone)) === -1) {
    document.cookie = 'tz=' + encodeURIComponent(zone) + '; path=/; max-age=31536000; samesite=lax';
  }

  var lang = document.documentElement.lang === 'ja' ? 'ja' : 'en';
  var span;
  try {
    span = window.cohostTimeSpan(lang, zone);
  } catch {
    return;
  }
  var times = document.querySelectorAll('time[data-end]');
  for (var j = 0; j < times.length; j++) {
    var start = new Date(times[j].getAttribute('datetime'));
    var end = new Date(times[j].getAttribute('data-end'));
    if (isNaN(start.getTime()) || isNaN(end.getTime())) continue;
    times[j].textContent = span(start, end);
  }
})();
