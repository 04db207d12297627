import { Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { renderErrorPageOrFallback } from './html-error-fallback';

function fakeReply(sent = false) {
  const calls: { status?: number; type?: string; body?: string } = {};
  const reply = {
    sent,
    status(code: number) {
      calls.status = code;
      return this;
    },
    type(value: string) {
      calls.type = value;
      return this;
    },
    send(body: string) {
      calls.body = body;
      return Promise.resolve(this);
    },
  };
  return { reply: reply as unknown as FastifyReply, calls };
}

describe('renderErrorPageOrFallback', () => {
  const logger = new Logger('test');
  beforeEach(() => jest.spyOn(logger, 'error').mockImplementation(() => undefined));

  it('leaves the reply to the page when it renders', async () => {
    const { reply, calls } = fakeReply();
    await renderErrorPageOrFallback(reply, logger, async () => undefined);
    expect(calls).toEqual({});
  });

  it('answers a minimal 500 page without internals when the page itself fails', async () => {
    const { reply, calls } = fakeReply();
    await renderErrorPageOrFallback(reply, logger, async () => {
      throw new Error('template exploded at /srv/secret/path');
    });
    expect(calls.status).toBe(500);
    expect(calls.type).toBe('text/html; charset=utf-8');
    expect(calls.body).toContain('Error / エラー');
    expect(calls.body).not.toContain('secret');
    expect(logger.error).toHaveBeenCalled();
  });

  it('sends nothing more when the reply already went out', async () => {
    const { reply, calls } = fakeReply(true);
    await renderErrorPageOrFallback(reply, logger, async () => {
      throw new Error('late');
    });
    expect(calls).toEqual({});
  });
});
