import { generateKeyPairSync } from 'node:crypto';
import { dkimVerify } from 'mailauth/lib/dkim/verify';
import { renderMessage } from '../render/render-message';
import { startCaptureSmtp } from '../testing/capture-smtp';
import { mailContext } from '../testing/mail-context.fixture';
import { composeMessage } from './compose-message';
import type { DkimOptions } from './dkim';
import { SmtpMailTransport } from './smtp-transport';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dkim: DkimOptions = {
  domainName: 'cohost.example',
  keySelector: 'test2026',
  privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};
const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;

/** The DNS of the signing domain, as mailauth asks it: only our selector's TXT record exists. */
async function resolver(name: string, type: string): Promise<string[][]> {
  if (type === 'TXT' && name === 'test2026._domainkey.cohost.example') return [[record]];
  throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
}

async function verdicts(raw: Buffer): Promise<string[]> {
  const result = await dkimVerify(raw, { resolver });
  return result.results.map((r: { status: { result: string } }) => r.status.result);
}

// Display names with specials and non-ASCII (phrase encoding), a long subject (folding), a calendar part.
const message = renderMessage(
  mailContext({
    from: { name: 'cohost', address: 'no-reply@cohost.example' },
    recipient: {
      email: 'hanako@example.jp',
      name: 'Jørgen "JØ" Ølgaard, <CEO>',
      locale: 'en',
      timezone: 'Europe/Copenhagen',
    },
    host: {
      slug: 'link-j',
      name: { en: 'LINK-J (Life Science Innovation Network Japan) — Nihonbashi', ja: 'LINK-J' },
      timezone: 'Asia/Tokyo',
      contactEmail: 'events@link-j.example',
    },
  }),
);

describe('DKIM signing, verified by mailauth', () => {
  it('signs what the fast composer writes, and a changed body or header no longer verifies', async () => {
    const { raw } = await composeMessage(message, new Date('2026-11-25T19:15:00Z'), dkim);
    expect(raw.toString('utf8')).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=cohost.example;/);
    expect(await verdicts(raw)).toEqual(['pass']);

    const text = raw.toString('utf8');
    const bodyStart = text.indexOf('\r\n\r\n') + 4;
    const tamperedBody =
      text.slice(0, bodyStart) + text.slice(bodyStart).replace(/[A-Za-z]/, (c) => (c === 'A' ? 'B' : 'A'));
    // mailauth says `neutral` for a body hash that does not match, `fail` for a signature that does not.
    expect(await verdicts(Buffer.from(tamperedBody))).toEqual([expect.stringMatching(/^(fail|neutral)$/)]);
    const tamperedSubject = text.replace(/^Subject: /m, 'Subject: Re: ');
    expect(await verdicts(Buffer.from(tamperedSubject))).toEqual([expect.stringMatching(/^(fail|neutral)$/)]);
  });

  it('is absent without a key', async () => {
    const { raw } = await composeMessage(message, new Date('2026-11-25T19:15:00Z'));
    expect(raw.toString('utf8')).not.toContain('DKIM-Signature');
    expect(await verdicts(raw)).toEqual(['none']);
  });

  describe('through SMTP', () => {
    let smtp: Awaited<ReturnType<typeof startCaptureSmtp>>;

    beforeAll(async () => {
      smtp = await startCaptureSmtp();
    });

    afterAll(() => smtp.close());

    it.each(['fast', 'nodemailer'] as const)('the %s composer sends messages that verify', async (composer) => {
      const transport = new SmtpMailTransport(`smtp://127.0.0.1:${smtp.port}`, { composer, dkim });
      try {
        smtp.received.length = 0;
        await transport.send(message);
        expect(smtp.received).toHaveLength(1);
        expect(smtp.received[0].toString('utf8')).toMatch(/^DKIM-Signature: /);
        expect(await verdicts(smtp.received[0])).toEqual(['pass']);
      } finally {
        await transport.close();
      }
    });
  });
});
