import { createHash, createPrivateKey, createSign, type KeyObject } from 'node:crypto';

/** `DKIM_DOMAIN`, `DKIM_SELECTOR` and the PEM private key (RSA), as nodemailer's `dkim` option names them. */
export interface DkimOptions {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

const CRLF = '\r\n';

/**
 * Headers signed when present (RFC 6376 5.4.1's list, plus the ones receivers
 * judge us by). From is always signed; a header signed while absent cannot be
 * added later without breaking the signature, so only present ones are named.
 */
const SIGNED = [
  'from',
  'sender',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'to',
  'cc',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'auto-submitted',
];

/**
 * A DKIM signer (RFC 6376, rsa-sha256, relaxed/relaxed) for already composed
 * messages: the fast composer's bytes go to the SMTP pool without nodemailer's
 * stream chain, whose own `dkim` option therefore never sees them. Synchronous
 * (one hash of the body, one RSA signature), so it adds no stream or turn of
 * the event loop per message. A test verifies both composers' output with an
 * independent verifier (`mailauth`).
 */
export class DkimSigner {
  private readonly key: KeyObject;

  constructor(private readonly options: DkimOptions) {
    this.key = createPrivateKey(options.privateKey);
  }

  /** The message with a `DKIM-Signature` header in front. */
  sign(raw: Buffer): Buffer {
    const text = raw.toString('utf8');
    const split = text.indexOf(CRLF + CRLF);
    const headerText = split < 0 ? text : text.slice(0, split);
    const body = split < 0 ? '' : text.slice(split + 4);
    const fields = unfold(headerText);
    const signed = SIGNED.filter((name) => fields.some((f) => f.name === name));
    const bodyHash = createHash('sha256').update(relaxedBody(body), 'utf8').digest('base64');
    // Folded before signing: the verifier canonicalizes the header as it is written, folds included.
    const tags = fold(
      `v=1; a=rsa-sha256; c=relaxed/relaxed; d=${this.options.domainName}; s=${this.options.keySelector}; ` +
        `t=${Math.floor(Date.now() / 1000)}; h=${signed.join(':')}; bh=${bodyHash}; b=`,
    );
    // The last occurrence of a name is signed first (RFC 6376 5.4.2); our messages have one of each.
    const canonical = signed.map((name) => relaxedHeader(name, lastValue(fields, name))).join('');
    const signer = createSign('RSA-SHA256');
    signer.update(canonical + relaxedHeader('dkim-signature', ` ${tags}`).slice(0, -2), 'utf8');
    // White space inside `b=` is ignored by verifiers (RFC 6376 3.5): the value is cut into lines.
    const signature = (signer.sign(this.key, 'base64').match(/.{1,72}/g) ?? []).join(`${CRLF} `);
    const header = `DKIM-Signature: ${tags}${CRLF} ${signature}${CRLF}`;
    return Buffer.concat([Buffer.from(header, 'utf8'), raw]);
  }
}

interface Field {
  name: string;
  value: string;
}

function unfold(headerText: string): Field[] {
  const fields: Field[] = [];
  for (const line of headerText.split(CRLF)) {
    if (/^[ \t]/.test(line) && fields.length) fields[fields.length - 1].value += CRLF + line;
    else {
      const colon = line.indexOf(':');
      if (colon > 0) fields.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1) });
    }
  }
  return fields;
}

function lastValue(fields: Field[], name: string): string {
  for (let i = fields.length - 1; i >= 0; i--) if (fields[i].name === name) return fields[i].value;
  return '';
}

/** RFC 6376 3.4.2: lower-case name, unfolded, runs of white space as one space, none at either end. */
function relaxedHeader(name: string, value: string): string {
  return `${name}:${value
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim()}${CRLF}`;
}

/** RFC 6376 3.4.4: white space runs as one space, none at line ends, no empty lines at the end, one CRLF. */
function relaxedBody(body: string): string {
  const lines = body.split(CRLF).map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.length ? lines.join(CRLF) + CRLF : '';
}

/** Folds the tags at `; ` and between signed header names (both places where RFC 6376 allows white space). */
function fold(value: string): string {
  const pieces = value.split(/(?<=; )|(?<=:)(?=[a-z-]+[:;])/).map((p) => p.trimEnd());
  const lines: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current && current.length + 1 + piece.length > 72) {
      lines.push(current);
      current = piece;
    } else current = current ? `${current}${current.endsWith(':') ? '' : ' '}${piece}` : piece;
  }
  lines.push(current);
  return lines.join(`${CRLF} `);
}
