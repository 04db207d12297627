import { Readable } from 'node:stream';
import type MailMessage from 'nodemailer/lib/mailer/mail-message';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

/**
 * Hands an already composed message straight to nodemailer's SMTP pool.
 *
 * Why: `sendMail({ raw })` still builds a MailMessage and a MIME node around
 * the bytes (a random Message-ID and boundary, header normalisation, the
 * compile and stream plugins, a pipeline of streams). In the fan-out
 * profile that was about a fifth of the worker's CPU per message. The pool
 * is the same one `sendMail` feeds (same connections, limits and errors);
 * only the wrapper is skipped.
 *
 * What the pool reads from a message (nodemailer 10.6, smtp-pool/index.js
 * and pool-resource.js): `data.signal`, `data.dsn`,
 * `data.requireTLSExtensionEnabled`, `message.getEnvelope()`,
 * `message.messageId()`, `message.getHeader('message-id')` and
 * `message.createReadStream()`, a stream smtp-connection pipes through its
 * dot-escaping DataStream. The spec of this module sends through a real SMTP
 * server, so an upgrade that changes this shape fails there first.
 *
 * The stream is a one-chunk Readable (not a bare Buffer, which
 * smtp-connection would also take) because the pool looks at its
 * `readableDidRead`: when a reused connection turns out dead before a byte
 * was read, the message goes out over another connection instead of failing.
 */
export function sendRawThroughPool(
  pool: SMTPPool,
  envelope: { from: string; to: string },
  messageId: string,
  raw: Buffer,
): Promise<SMTPPool.SentMessageInfo> {
  const message = {
    // smtp-connection writes its bookkeeping onto the envelope: a fresh one per call.
    getEnvelope: () => ({ from: envelope.from, to: [envelope.to] }),
    messageId: () => messageId,
    getHeader: (key: string) => (key.toLowerCase() === 'message-id' ? messageId : undefined),
    createReadStream: () => new OneChunk(raw),
  };
  const mail = { data: {}, message } as unknown as MailMessage<SMTPPool.SentMessageInfo>;
  return new Promise((resolve, reject) => {
    pool.send(mail, (error, info) =>
      error || !info ? reject(error ?? new Error('SMTP pool: no result')) : resolve(info),
    );
  });
}

/** Hands over one Buffer when first read, then ends. */
class OneChunk extends Readable {
  constructor(private chunk: Buffer | null) {
    super();
  }

  override _read(): void {
    const chunk = this.chunk;
    this.chunk = null;
    this.push(chunk);
    if (chunk) this.push(null);
  }
}
