import Fastify from 'fastify';
import pino from 'pino';
import { Writable } from 'node:stream';
import { loggedPath, RequestLog } from './request-log';

describe('RequestLog', () => {
  async function requestAndRead(url: string, status: number): Promise<Array<Record<string, unknown>>> {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const app = Fastify({ loggerInstance: pino({ level: 'info' }, sink), logController: new RequestLog() });
    app.get('/thing', async (_request, reply) => reply.status(status).send({ ok: status < 400 }));
    app.get('/j/:token', async (_request, reply) => reply.status(303).header('location', 'https://x.example/').send());
    app.get('/broken', async () => {
      throw new Error('boom');
    });
    await app.inject({ method: 'GET', url });
    await app.close();
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l.req);
  }

  it('writes one line per request, without the query string (it may carry a token)', async () => {
    const lines = await requestAndRead('/thing?token=secret-value', 200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { method: 'GET', url: '/thing' },
      res: { statusCode: 200 },
    });
    expect(typeof lines[0].reqId).toBe('string');
    expect(typeof lines[0].responseTime).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('secret-value');
  });

  it('logs 4xx at warn and failures at error', async () => {
    expect((await requestAndRead('/thing', 404))[0].level).toBe(40);
    const failed = await requestAndRead('/broken?code=secret-value', 500);
    expect(failed.find((l) => l.msg === 'request completed')).toMatchObject({ level: 50, res: { statusCode: 500 } });
    expect(failed.find((l) => l.msg === 'boom')).toMatchObject({ level: 50, req: { url: '/broken' } });
    expect(JSON.stringify(failed)).not.toContain('secret-value');
  });

  it("never logs a personal join link's token (it is in the path)", async () => {
    const lines = await requestAndRead('/j/secret-value_abc?lang=en', 303);
    expect(lines[0]).toMatchObject({ req: { url: '/j/[redacted]' }, res: { statusCode: 303 } });
    expect(JSON.stringify(lines)).not.toContain('secret-value');
    expect(loggedPath('/events/j/abc')).toBe('/events/j/abc');
    expect(loggedPath('/j/')).toBe('/j/[redacted]');
  });
});
