import { fromAcceptLanguage, negotiateLocale, pageTimeZone } from './page-locale';
import { formatInstant, formatSpan } from './page-format';
import { translator } from './i18n';
import { en } from './i18n/en';
import { ja } from './i18n/ja';

describe('page language', () => {
  it('prefers ?lang=, then the cookie, then Accept-Language', () => {
    expect(negotiateLocale({ query: 'en', cookie: 'ja', acceptLanguage: 'ja' })).toEqual({
      locale: 'en',
      fromQuery: true,
    });
    expect(negotiateLocale({ query: 'xx', cookie: 'ja', acceptLanguage: 'en' })).toEqual({
      locale: 'ja',
      fromQuery: false,
    });
    expect(negotiateLocale({ cookie: 'fr', acceptLanguage: 'en-US,en;q=0.9' }).locale).toBe('en');
  });

  it('reads Accept-Language by q-value and region-less tags', () => {
    expect(fromAcceptLanguage('de-DE,de;q=0.9,ja;q=0.8,en;q=0.5')).toBe('ja');
    expect(fromAcceptLanguage('en;q=0.4, ja-JP;q=0.6')).toBe('ja');
    expect(fromAcceptLanguage('ja;q=0, en')).toBe('en');
    expect(fromAcceptLanguage('da, de')).toBe('en');
    expect(fromAcceptLanguage(undefined)).toBe('ja');
  });

  it('knows IANA zones under their current names and rejects anything else', () => {
    expect(pageTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(pageTimeZone('UTC')).toBe('UTC');
    expect(pageTimeZone('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(pageTimeZone('Mars/Olympus')).toBeUndefined();
    expect(pageTimeZone('<script>')).toBeUndefined();
  });
});

describe('page texts', () => {
  it('has every English key in Japanese and no empty text', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const value of [...Object.values(ja), ...Object.values(en)]) expect(value.trim()).not.toBe('');
  });

  it('fills placeholders', () => {
    expect(translator('en')('event.seatsLeft', { n: 3 })).toBe('3 seats left');
    expect(translator('ja')('event.seatsLeft', { n: 3 })).toBe('残り 3 席');
  });
});

describe('dates on pages', () => {
  const start = new Date('2026-05-20T09:00:00Z');
  const end = new Date('2026-05-20T11:00:00Z');

  it('formats a span per locale with the zone name', () => {
    expect(formatSpan(start, end, 'ja', 'Asia/Tokyo')).toBe('2026年5月20日(水) 18:00〜20:00(日本標準時)');
    expect(formatSpan(start, end, 'en', 'Europe/Copenhagen')).toBe(
      'Wed, 20 May 2026, 11:00–13:00 (Central European Summer Time)',
    );
  });

  it('shows both dates when the span crosses midnight in the zone', () => {
    const late = formatSpan(new Date('2026-05-20T14:00:00Z'), new Date('2026-05-20T16:00:00Z'), 'en', 'Asia/Tokyo');
    expect(late).toBe('Wed, 20 May 2026, 23:00 – Thu, 21 May 2026, 01:00 (Japan Standard Time)');
  });

  it('formats an instant', () => {
    expect(formatInstant(start, 'en', 'UTC')).toBe('Wed, 20 May 2026 09:00 (Coordinated Universal Time)');
  });
});
