import type { Locale } from '../../locale';

/**
 * Texts that organizers write for one sending (announcements): the row's
 * `data[field]` holds them by language (`{ja?, en?}`), usually only the
 * recipient's. Read defensively: rows are JSON.
 */
export function writtenText(data: Record<string, unknown>, field: 'subject' | 'body', locale: Locale): string {
  const texts = data[field];
  if (!texts || typeof texts !== 'object') return '';
  const { [locale]: own, [locale === 'ja' ? 'en' : 'ja']: other } = texts as Record<string, unknown>;
  if (typeof own === 'string' && own.trim()) return own.trim();
  return typeof other === 'string' ? other.trim() : '';
}

/**
 * Plain text as paragraphs: a blank line (spaces allowed) starts a new one;
 * single line breaks stay inside a paragraph (the HTML writer turns them into
 * `<br>`, and links http(s) addresses; the text writer keeps them as typed).
 */
export function paragraphsOf(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n(?:[ \t\u3000]*\n)+/)
    .map((p) => p.replace(/^(?:[ \t\u3000]*\n)+|\s+$/g, ''))
    .filter((p) => p.trim() !== '');
}
