/**
 * A rendered email before serialisation: raw (unescaped) strings only. The
 * text and HTML writers each escape exactly once for their medium, so user
 * text can never be escaped twice or not at all.
 */
export interface MailModel {
  lang: 'en' | 'ja';
  subject: string;
  /** The same email in further languages, below the first (invitations go out in Japanese and English). */
  more?: MailSection[];
  greeting?: string;
  paragraphs: string[];
  /** Lines such as "Time: old → new" under the paragraphs. */
  changes: string[];
  details: Array<{ label: string; value: string; href?: string }>;
  /** Under the details, e.g. what the attached calendar file does. */
  closing: string[];
  footer: string[];
  /** Small links under the footer: unsubscribe (bulk kinds), erase my data (every email). */
  footerLinks?: Array<{ label: string; href: string }>;
}

export type MailSection = Omit<MailModel, 'subject' | 'more'>;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Only http(s) links become anchors; anything else stays text. */
function isWebLink(href: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(href);
}

/**
 * An http(s) address in running text: ASCII URL characters only, so Japanese
 * text right after it (`https://example.org/をご覧ください`) is not taken in;
 * never quotes or angle brackets.
 */
const WEB_LINK_IN_TEXT = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&()*+,;=%]+/gi;

/**
 * Plain text as HTML: every character escaped once, and each http(s) address
 * in it made a link (trailing sentence punctuation, and a closing bracket
 * that was not opened inside it, stay outside). Text is never read as markup.
 */
export function linkedHtml(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(WEB_LINK_IN_TEXT)) {
    let url = match[0];
    for (;;) {
      const trimmed = url.replace(/[.,;:!?'*]+$/, '');
      const unopened = (close: string, open: string) =>
        trimmed.endsWith(close) && trimmed.split(close).length > trimmed.split(open).length;
      url = unopened(')', '(') || unopened(']', '[') ? trimmed.slice(0, -1) : trimmed;
      if (url === trimmed) break;
    }
    const start = match.index;
    html += escapeHtml(text.slice(last, start));
    if (/^https?:\/\/[^/?#]+/i.test(url)) html += `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    else html += escapeHtml(url);
    last = start + url.length;
  }
  return html + escapeHtml(text.slice(last));
}

/** One line for a header: control characters (CR/LF included) become spaces. */
export function headerText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

export function renderText(model: MailModel): string {
  return [model, ...(model.more ?? [])].map(sectionText).join(`\n${'-'.repeat(40)}\n\n`);
}

function sectionText(model: MailSection): string {
  const blocks: string[] = [];
  if (model.greeting) blocks.push(model.greeting);
  blocks.push(...model.paragraphs);
  if (model.changes.length) blocks.push(model.changes.map((c) => `  ${c}`).join('\n'));
  blocks.push(model.details.map((d) => `${d.label}: ${d.value}`).join('\n'));
  blocks.push(...model.closing, ...model.footer);
  if (model.footerLinks?.length) blocks.push(model.footerLinks.map((l) => `${l.label}: ${l.href}`).join('\n'));
  return `${blocks.join('\n\n')}\n`;
}

export function renderHtml(model: MailModel): string {
  const e = escapeHtml;
  const out: string[] = [
    `<!doctype html><html lang="${model.lang}"><head><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width"><title>${e(model.subject)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.5;color:#222">',
  ];
  sectionHtml(model, out);
  for (const section of model.more ?? []) {
    out.push(`<hr><div lang="${section.lang}">`);
    sectionHtml(section, out);
    out.push('</div>');
  }
  out.push('</body></html>');
  return out.join('\n');
}

function sectionHtml(model: MailSection, out: string[]): void {
  const e = escapeHtml;
  if (model.greeting) out.push(`<p>${e(model.greeting)}</p>`);
  for (const p of model.paragraphs) out.push(`<p>${linkedHtml(p).replace(/\n/g, '<br>')}</p>`);
  if (model.changes.length) out.push(`<ul>${model.changes.map((c) => `<li>${e(c)}</li>`).join('')}</ul>`);
  out.push('<table role="presentation" cellpadding="4" style="border-collapse:collapse">');
  for (const d of model.details) {
    const value = d.href && isWebLink(d.href) ? `<a href="${e(d.href)}">${e(d.value)}</a>` : e(d.value);
    out.push(`<tr><th align="left" valign="top">${e(d.label)}</th><td>${value}</td></tr>`);
  }
  out.push('</table>');
  for (const c of model.closing) out.push(`<p>${e(c)}</p>`);
  for (const f of model.footer) out.push(`<p style="color:#666;font-size:small">${e(f)}</p>`);
  const links = (model.footerLinks ?? []).filter((l) => isWebLink(l.href));
  if (links.length) {
    const anchors = links.map((l) => `<a href="${e(l.href)}" style="color:#666">${e(l.label)}</a>`).join(' · ');
    out.push(`<p style="color:#666;font-size:small">${anchors}</p>`);
  }
}
