import { consoleMessage } from './console-exception.filter';
import { consoleTranslator } from './i18n';

describe('consoleMessage', () => {
  it.each(['en', 'ja'] as const)(
    'in %s: a 503 says to retry, with no error id to quote; a 500 quotes its id',
    (locale) => {
      const t = consoleTranslator(locale);
      expect(consoleMessage(t, 503, 'SERVICE_UNAVAILABLE')).toBe(t('error.UNAVAILABLE'));
      expect(consoleMessage(t, 503, 'SERVICE_UNAVAILABLE')).not.toContain('-');
      expect(consoleMessage(t, 500, 'INTERNAL_ERROR', 'abc-123')).toContain('abc-123');
    },
  );
});
