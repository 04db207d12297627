import { ConfigValidationError, loadConfig, parseMailbox } from '.';

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
    MAIL_BATCH_SIZE: undefined,
    MAIL_RATE_PER_SECOND: undefined,
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

  it('converts numbers and booleans', () => {
    const config = loadConfig({ ...clean, PORT: '8080', TRUST_PROXY: 'true' });
    expect(config.http.port).toBe(8080);
    expect(config.http.trustProxy).toBe(true);
  });

  it.each([
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['REDIS_URL', 'localhost:6379'],
    ['SMTP_URL', 'http://mail'],
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['ADMIN_TOKEN', 'short'],
    ['PUBLIC_BASE_URL', 'ftp://x'],
    ['MAIL_BATCH_SIZE', '0'],
    ['MAIL_BATCH_SIZE', '101'],
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
});
