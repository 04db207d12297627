import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

const REQUEST = 'cohost:metrics-request';
const ANSWER = 'cohost:metrics-answer';

interface Answer {
  type: typeof ANSWER;
  id: number;
  text?: string;
  error?: string;
}

/**
 * The primary of `API_PROCESSES` > 1: when an api process is scraped, it asks
 * here, and gets every process's registry aggregated by prom-client's
 * `AggregatorRegistry` (counters and histograms summed, backlog gauges taken
 * once). Without this, a scrape would see whichever process the connection
 * landed on, and counters would jump between processes.
 */
export function aggregateClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: { type?: unknown; id?: unknown }) => {
    if (message?.type !== REQUEST || typeof message.id !== 'number') return;
    const id = message.id;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id, text } satisfies Answer),
      (error: Error) => worker.send({ type: ANSWER, id, error: error.message } satisfies Answer),
    );
  });
}

/**
 * In an api process forked by the primary: offers `registry` to the
 * primary's aggregation and returns the reader of the whole cluster's
 * exposition; `null` in a process that is not a cluster worker.
 */
export function clusterExposition(registry: Registry, timeoutMs = 10_000): (() => Promise<[string, string]>) | null {
  if (!cluster.isWorker || !process.send) return null;
  new AggregatorRegistry(); // installs prom-client's answering listener in this process
  AggregatorRegistry.setRegistries([registry]);
  const waiting = new Map<number, (answer: Answer) => void>();
  let next = 0;
  process.on('message', (message: Partial<Answer> | null) => {
    if (message?.type === ANSWER && typeof message.id === 'number') waiting.get(message.id)?.(message as Answer);
  });
  return () =>
    new Promise<[string, string]>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error('the primary did not answer with the metrics'));
      }, timeoutMs);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (answer.error !== undefined || answer.text === undefined) reject(new Error(answer.error ?? 'no metrics'));
        else resolve([registry.contentType, answer.text]);
      });
      process.send!({ type: REQUEST, id });
    });
}
