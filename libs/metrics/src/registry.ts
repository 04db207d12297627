import { collectDefaultMetrics, Registry } from 'prom-client';

/** A registry with Node's process metrics (CPU, memory, event loop lag, GC, handles), labelled with the process kind. */
export function createRegistry(app: 'api' | 'worker'): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry, prefix: 'cohost_' });
  return registry;
}
