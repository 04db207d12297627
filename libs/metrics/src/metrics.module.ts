import { DynamicModule, Global, Module } from '@nestjs/common';
import { ApiMetrics } from './api-metrics';
import { WorkerMetrics } from './worker-metrics';

/**
 * Provides the process's metrics everywhere (global): `forApi()` an
 * {@link ApiMetrics}, `forWorker()` a {@link WorkerMetrics}. Each app gets its
 * own registry, so business code records with one injected call and nothing
 * reads the global prom-client registry.
 */
@Global()
@Module({})
export class MetricsModule {
  static forApi(): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: ApiMetrics, useFactory: () => new ApiMetrics() }],
      exports: [ApiMetrics],
    };
  }

  static forWorker(): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: WorkerMetrics, useFactory: () => new WorkerMetrics() }],
      exports: [WorkerMetrics],
    };
  }
}
