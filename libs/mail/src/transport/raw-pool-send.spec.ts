import { expectPinned } from '@cohost/testing';
import SMTPPool from 'nodemailer/lib/smtp-pool';

/** What the message handed to the pool must look like is proven by sending: see smtp-transport.spec.ts. */
describe("nodemailer's SMTP pool (its internals take our raw messages)", () => {
  it('is pinned: sendRawThroughPool builds the message object the pool reads', () => {
    expectPinned(
      'nodemailer',
      'SMTPPool.send and the MailMessage fields it reads, in libs/mail/src/transport/raw-pool-send.ts',
    );
    expect(typeof SMTPPool.prototype.send).toBe('function');
  });
});
