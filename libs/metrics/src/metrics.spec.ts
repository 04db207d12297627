import { UnrecoverableError } from 'bullmq';
import { Registry } from 'prom-client';
import { ApiMetrics } from './api-metrics';
import { registerBacklogMetrics } from './backlog-metrics';
import { bearerMatches } from './metrics-endpoint';
import { WorkerMetrics } from './worker-metrics';

describe('bearerMatches', () => {
  const token = 'm'.repeat(32);
  it.each([
    [undefined, false],
    ['', false],
    [token, false],
    [`Basic ${token}`, false],
    [`Bearer ${token}x`, false],
    [`Bearer ${token.slice(1)}`, false],
    [`Bearer  ${token} extra`, false],
    [`Bearer ${token}`, true],
    [`bearer ${token}`, true],
  ])('%s -> %s', (header, expected) => {
    expect(bearerMatches(header, token)).toBe(expected);
  });
});

describe('ApiMetrics', () => {
  it('labels a request without a route as unmatched, and each registration outcome by code', async () => {
    const metrics = new ApiMetrics(new Registry());
    metrics.observeRequest('GET', undefined, 404, 0.001);
    metrics.observeRequest('POST', '/api/v1/events/:id/registrations', 201, 0.01);
    metrics.registration({ outcome: 'confirmed' });
    metrics.registration({ outcome: 'refused', code: 'EVENT_FULL' });
    const text = await metrics.registry.metrics();
    expect(text).toContain('cohost_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1');
    expect(text).toContain('route="/api/v1/events/:id/registrations",status="201"} 1');
    expect(text).toContain('cohost_registrations_total{outcome="confirmed",code=""} 1');
    expect(text).toContain('cohost_registrations_total{outcome="refused",code="EVENT_FULL"} 1');
  });
});

describe('WorkerMetrics', () => {
  it('counts outcomes from the result or the error, and times the transport whatever happens', async () => {
    const metrics = new WorkerMetrics(new Registry());
    await metrics.countMessage('invitation', Promise.resolve({ outcome: 'sent' }));
    await expect(metrics.countMessage('invitation', Promise.reject(new UnrecoverableError('550')))).rejects.toThrow(
      '550',
    );
    await expect(metrics.countMessage('invitation', Promise.reject(new Error('451')))).rejects.toThrow('451');
    const transport = metrics.timeTransport({
      send: async (m: string) => (m === 'bad' ? Promise.reject(new Error('down')) : { messageId: m }),
      close: async () => undefined,
    });
    expect(await transport.send('ok')).toEqual({ messageId: 'ok' });
    await expect(transport.send('bad')).rejects.toThrow('down');
    metrics.reminderFired(new Date(Date.now() - 90_000));
    const text = await metrics.registry.metrics();
    for (const outcome of ['sent', 'rejected', 'error']) {
      expect(text).toContain(`cohost_messages_total{kind="invitation",outcome="${outcome}"} 1`);
    }
    expect(text).toContain('cohost_smtp_send_duration_seconds_count{result="ok"} 1');
    expect(text).toContain('cohost_smtp_send_duration_seconds_count{result="error"} 1');
    expect(text).toMatch(/cohost_reminder_lateness_seconds_sum (9\d|1[01]\d)(\.\d+)?\n/);
  });
});

describe('backlog gauges', () => {
  it('read each source once per scrape and survive a source that fails', async () => {
    const registry = new Registry();
    let outboxReads = 0;
    let failQueues = false;
    registerBacklogMetrics(registry, {
      outbox: async () => {
        outboxReads++;
        return { pending: 7, oldestAgeSeconds: 42 };
      },
      queues: async () => {
        if (failQueues) throw new Error('Redis away');
        return { mail: { waiting: 1, active: 2, delayed: 3, failed: 4 } };
      },
    });
    let text = await registry.metrics();
    expect(outboxReads).toBe(1);
    expect(text).toContain('cohost_outbox_pending 7');
    expect(text).toContain('cohost_outbox_oldest_age_seconds 42');
    expect(text).toContain('cohost_queue_jobs{queue="mail",state="failed"} 4');
    expect(text).toContain('cohost_backlog_source_up{source="queues"} 1');
    failQueues = true;
    text = await registry.metrics();
    expect(text).toContain('cohost_backlog_source_up{source="queues"} 0');
    expect(text).not.toContain('cohost_queue_jobs{');
    expect(text).toContain('cohost_outbox_pending 7');
  });
});
