import { ApiMetrics, MetricsModule, readOutboxBacklog, readQueueCounts, registerBacklogMetrics } from '@cohost/metrics';
import { Module, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QueueHandles } from './queue-handles';

/** Fills the scrape-time gauges of the api's registry: outbox backlog and queue counts. */
class BacklogGauges implements OnModuleInit {
  constructor(
    private readonly metrics: ApiMetrics,
    private readonly dataSource: DataSource,
    private readonly queues: QueueHandles,
  ) {}

  onModuleInit(): void {
    registerBacklogMetrics(this.metrics.registry, {
      outbox: () => readOutboxBacklog(this.dataSource),
      queues: () => readQueueCounts(this.queues.all()),
    });
  }
}

/**
 * What operators use (docs/operations.md): the api's metrics (served by
 * `metrics.setup.ts`), and the queue handles behind the gauges and the
 * dashboard (`queue-dashboard.setup.ts`).
 */
@Module({
  imports: [MetricsModule.forApi()],
  providers: [
    QueueHandles,
    {
      provide: BacklogGauges,
      inject: [ApiMetrics, DataSource, QueueHandles],
      useFactory: (m, d, q) => new BacklogGauges(m, d, q),
    },
  ],
  exports: [QueueHandles],
})
export class OperationsModule {}
