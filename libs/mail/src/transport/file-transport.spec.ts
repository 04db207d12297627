import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { renderMessage } from '../render/render-message';
import { mailContext } from '../testing/mail-context.fixture';
import { createMailTransport } from './create-mail-transport';
import { FileMailTransport } from './file-transport';

describe('file transport', () => {
  let root: string;
  const from = { name: 'cohost', address: 'no-reply@cohost.example' };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cohost-mail-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('is chosen without SMTP_URL, creates MAIL_DIR and writes one .eml per message, names sorting by time', async () => {
    const dir = join(root, 'var', 'mail');
    const lines: string[] = [];
    const times = [
      new Date('2026-11-25T19:15:00.123Z'),
      new Date('2026-11-25T19:15:00.124Z'),
      new Date('2026-11-26T08:00:00Z'),
    ];
    const transport = new FileMailTransport(dir, { now: () => times.shift()!, logger: { log: (l) => lines.push(l) } });
    expect(createMailTransport({ from, dir })).toBeInstanceOf(FileMailTransport);

    const sent = [];
    for (const id of ['9', '10', '8'])
      sent.push(await transport.send(renderMessage(mailContext({ notificationId: id }))));
    await transport.close();

    const files = await readdir(dir);
    expect(files).toHaveLength(3);
    expect([...files].sort()).toEqual([
      '20261125T191500123Z-n-9.cohost@cohost.example.eml',
      '20261125T191500124Z-n-10.cohost@cohost.example.eml',
      '20261126T080000000Z-n-8.cohost@cohost.example.eml',
    ]);
    expect(sent.map((s) => s.location)).toEqual([...files].sort().map((f) => join(dir, f)));
    expect(sent[0].messageId).toBe('<n-9.cohost@cohost.example>');
    expect(lines).toEqual(sent.map((s) => `mail ${s.messageId} written to ${s.location}`));

    const raw = await readFile(sent[0].location!);
    expect(raw.toString('utf8')).toContain('\r\n');
    const parsed = await simpleParser(raw);
    expect(parsed.messageId).toBe('<n-9.cohost@cohost.example>');
    expect(parsed.subject).toBe('「RNA創薬シンポジウム」のご登録が完了しました');
  });

  it('never overwrites: the same message twice in one millisecond gives two files', async () => {
    const at = new Date('2026-11-25T19:15:00.123Z');
    const transport = new FileMailTransport(root, { now: () => at });
    const message = renderMessage(mailContext());
    const [a, b] = [await transport.send(message), await transport.send(message)];
    expect(a.location).not.toBe(b.location);
    expect(await readdir(root)).toHaveLength(2);
  });
});
