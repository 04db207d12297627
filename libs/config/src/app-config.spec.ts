import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConfig, ConfigValidationError, loadConfig, parseMailbox, validateEnvironment } from '.';

describe('loadConfig', () => {
  const clean = {
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
    SMTP_URL: undefined,
    MAIL_FROM: undefined,
    PUBLIC_BASE_URL: undefined,
    PORT: undefined,
    ADMIN_TOKEN: undefined,
    LOG_LEVEL: undefined,
    LOG_FORMAT: undefined,
    MAIL_BATCH_SIZE: undefined,
    MAIL_RATE_PER_SECOND: undefined,
    WEBHOOK_SECRET_KEY: undefined,
    WEBHOOK_ALLOW_HOSTS: undefined,
    WEBHOOK_RETRY_SCHEDULE_MS: undefined,
    WEBHOOK_TIMEOUT_MS: undefined,
    METRICS_TOKEN: undefined,
    WORKER_METRICS_PORT: undefined,
    QUEUE_DASHBOARD_WRITE: undefined,
  };

  it('applies the defaults of the components table', () => {
    const config = loadConfig(clean);
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/cohost');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.http.port).toBe(3000);
    expect(config.mail.smtpUrl).toBeUndefined();
    expect(config.mail.dir).toBe('var/mail');
    expect(config.auth.adminToken).toBeUndefined();
  });

  it('converts numbers', () => {
    const config = loadConfig({ ...clean, PORT: '8080', HTTP_REQUEST_TIMEOUT_MS: '5000' });
    expect(config.http.port).toBe(8080);
    expect(config.http.requestTimeoutMs).toBe(5000);
  });

  it('times requests out after 30 s and idle keep-alive connections after 72 s by default', () => {
    const { http } = loadConfig({
      ...clean,
      HTTP_REQUEST_TIMEOUT_MS: undefined,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: undefined,
    });
    expect(http.requestTimeoutMs).toBe(30_000);
    expect(http.keepAliveTimeoutMs).toBe(72_000);
  });

  it('reads the webhook settings: the Standard Webhooks schedule and a 15 s timeout by default', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const { webhooks } = loadConfig({
      ...clean,
      WEBHOOK_SECRET_KEY: key,
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1,10.9.0.0/16,hooks.test',
    });
    expect(webhooks.secretKey).toEqual(Buffer.alloc(32, 7));
    expect(webhooks.allowHosts).toEqual(['127.0.0.1', '10.9.0.0/16', 'hooks.test']);
    expect(webhooks.retryScheduleMs).toEqual([
      5000, 300000, 1800000, 7200000, 18000000, 36000000, 50400000, 72000000, 86400000,
    ]);
    expect(webhooks.timeoutMs).toBe(15_000);
    expect(webhooks.disableAfterMs).toBe(3 * 24 * 3600 * 1000);
  });

  it.each([
    [undefined, false],
    ['false', false],
    ['0', false],
    ['true', 1],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/8,192.168.0.0/16', ['10.0.0.0/8', '192.168.0.0/16']],
  ])('reads TRUST_PROXY=%s as %p', (value, expected) => {
    expect(loadConfig({ ...clean, TRUST_PROXY: value }).http.trustProxy).toEqual(expected);
  });

  it.each([
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['REDIS_URL', 'localhost:6379'],
    ['SMTP_URL', 'http://mail'],
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['LOG_FORMAT', 'colour'],
    ['LOG_FORMAT', 'JSON'],
    ['LOG_FORMAT', 'pretty,json'],
    ['ADMIN_TOKEN', 'short'],
    ['PUBLIC_BASE_URL', 'ftp://x'],
    ['MAIL_BATCH_SIZE', '0'],
    ['MAIL_BATCH_SIZE', '101'],
    ['TRUST_PROXY', 'everyone'],
    ['TRUST_PROXY', '11'],
    ['TRUST_PROXY', '-1'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['HTTP_REQUEST_TIMEOUT_MS', '0'],
    ['HTTP_REQUEST_TIMEOUT_MS', 'soon'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '99'],
    ['WEBHOOK_SECRET_KEY', 'short'],
    ['WEBHOOK_SECRET_KEY', Buffer.alloc(16).toString('base64')],
    ['WEBHOOK_ALLOW_HOSTS', '10.0.0.0/33'],
    ['WEBHOOK_ALLOW_HOSTS', '::1/129'],
    ['WEBHOOK_ALLOW_HOSTS', '127.0.0.1,,x'],
    ['WEBHOOK_ALLOW_HOSTS', 'http://receiver'],
    ['WEBHOOK_ALLOW_HOSTS', '10.0.0.0/8/1'],
    ['WEBHOOK_RETRY_SCHEDULE_MS', '5s,5m'],
    ['WEBHOOK_RETRY_SCHEDULE_MS', ''.padEnd(41, '1,') + '1'],
    ['WEBHOOK_TIMEOUT_MS', '99'],
    ['METRICS_TOKEN', 'short'],
    ['METRICS_TOKEN', 'a token of enough length with spaces'],
    ['WORKER_METRICS_PORT', '0'],
    ['WORKER_METRICS_PORT', '65536'],
    ['WORKER_METRICS_PORT', 'nine'],
    ['QUEUE_DASHBOARD_WRITE', 'maybe'],
    ['OUTBOX_REQUEUE_AFTER_MS', '999'],
    ['OUTBOX_REQUEUE_AFTER_MS', 'soon'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ ...clean, [name]: value })).toThrow(ConfigValidationError);
    expect(() => loadConfig({ ...clean, [name]: value })).toThrow(name);
  });

  it('sends fan-outs 32 rows a job, one when a rate limit is set (BullMQ limits jobs, not messages)', () => {
    expect(loadConfig(clean).worker.mailBatchSize).toBe(32);
    expect(loadConfig({ ...clean, MAIL_BATCH_SIZE: '4' }).worker.mailBatchSize).toBe(4);
    expect(loadConfig({ ...clean, MAIL_BATCH_SIZE: '4', MAIL_RATE_PER_SECOND: '10' }).worker.mailBatchSize).toBe(1);
  });

  it('serves no metrics and a read-only queue dashboard unless told otherwise', () => {
    expect(loadConfig(clean).operations).toEqual({
      metricsToken: undefined,
      workerMetricsPort: undefined,
      queueDashboardWrite: false,
    });
    const token = 'm'.repeat(32);
    expect(
      loadConfig({ ...clean, METRICS_TOKEN: token, WORKER_METRICS_PORT: '9465', QUEUE_DASHBOARD_WRITE: 'true' })
        .operations,
    ).toEqual({ metricsToken: token, workerMetricsPort: 9465, queueDashboardWrite: true });
  });

  describe('log format', () => {
    const at = (terminal: boolean, env: Record<string, string | undefined> = {}) =>
      buildConfig(validateEnvironment({ ...clean, ...env }), terminal).log.format;

    it('is pretty for a terminal and JSON for a pipe or file when LOG_FORMAT is unset', () => {
      expect(at(true)).toBe('pretty');
      expect(at(false)).toBe('json');
      expect(at(false, { LOG_FORMAT: '' })).toBe('json');
    });

    it('follows LOG_FORMAT whatever stdout is', () => {
      for (const terminal of [true, false]) {
        expect(at(terminal, { LOG_FORMAT: 'json' })).toBe('json');
        expect(at(terminal, { LOG_FORMAT: 'pretty' })).toBe('pretty');
      }
    });
  });

  it('names every bad variable at once', () => {
    let problems: string[] = [];
    try {
      loadConfig({ ...clean, PORT: 'x', REDIS_URL: 'nope' });
    } catch (error) {
      problems = (error as ConfigValidationError).problems;
    }
    expect(problems.some((p) => p.includes('PORT'))).toBe(true);
    expect(problems.some((p) => p.includes('REDIS_URL'))).toBe(true);
  });

  it('parses a mailbox with and without a name', () => {
    expect(parseMailbox('cohost <no-reply@example.org>')).toEqual({ name: 'cohost', address: 'no-reply@example.org' });
    expect(parseMailbox('no-reply@example.org')).toEqual({ name: '', address: 'no-reply@example.org' });
  });

  describe('DKIM', () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const none = {
      DKIM_DOMAIN: undefined,
      DKIM_SELECTOR: undefined,
      DKIM_PRIVATE_KEY: undefined,
      DKIM_PRIVATE_KEY_FILE: undefined,
    };

    it('is off unless configured, and reads the key inline (with \\n escapes) or from a file', () => {
      expect(loadConfig({ ...clean, ...none }).mail.dkim).toBeUndefined();
      const escaped = pem.replace(/\n/g, '\\n');
      const inline = loadConfig({
        ...clean,
        ...none,
        DKIM_DOMAIN: 'cohost.example',
        DKIM_SELECTOR: 's1',
        DKIM_PRIVATE_KEY: escaped,
      });
      expect(inline.mail.dkim).toEqual({ domainName: 'cohost.example', keySelector: 's1', privateKey: pem });
      const file = join(mkdtempSync(join(tmpdir(), 'dkim-')), 'key.pem');
      writeFileSync(file, pem);
      const fromFile = loadConfig({
        ...clean,
        ...none,
        DKIM_DOMAIN: 'cohost.example',
        DKIM_SELECTOR: 's1',
        DKIM_PRIVATE_KEY_FILE: file,
      });
      expect(fromFile.mail.dkim?.privateKey).toBe(pem);
    });

    it.each([
      ['a domain alone', { DKIM_DOMAIN: 'cohost.example' }, /must be set together/],
      ['no selector', { DKIM_DOMAIN: 'cohost.example', DKIM_PRIVATE_KEY: pem }, /must be set together/],
      [
        'a key that is not PEM',
        { DKIM_DOMAIN: 'cohost.example', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: 'secret' },
        /DKIM_PRIVATE_KEY must be a PEM/,
      ],
      [
        'a broken PEM',
        {
          DKIM_DOMAIN: 'cohost.example',
          DKIM_SELECTOR: 's1',
          DKIM_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
        },
        /not a usable RSA key/,
      ],
      [
        'a missing file',
        { DKIM_DOMAIN: 'cohost.example', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY_FILE: '/nonexistent/key.pem' },
        /cannot be read/,
      ],
      [
        'a bad domain',
        { DKIM_DOMAIN: 'not a domain', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: pem },
        /DKIM_DOMAIN must be a domain/,
      ],
    ])('refuses %s', (_name, vars, message) => {
      expect(() => loadConfig({ ...clean, ...none, ...vars })).toThrow(message);
    });
  });

  it('reads the retention windows', () => {
    const config = loadConfig({ ...clean, RETENTION_DAYS: '30', AUDIT_RETENTION_DAYS: '90' });
    expect(config.privacy).toEqual({ retentionDays: 30, auditRetentionDays: 90 });
    expect(
      loadConfig({ ...clean, RETENTION_DAYS: undefined, AUDIT_RETENTION_DAYS: undefined }).privacy.retentionDays,
    ).toBe(365);
    expect(() => loadConfig({ ...clean, RETENTION_DAYS: '0' })).toThrow(/RETENTION_DAYS/);
  });
});
