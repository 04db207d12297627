export * from './api-metrics';
export * from './backlog-metrics';
export * from './backlog-sources';
export * from './cluster-metrics';
export * from './metrics-endpoint';
export * from './metrics.module';
export * from './registry';
export * from './worker-metrics';
