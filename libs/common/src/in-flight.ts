/**
 * Calls for a key made while a call for that key runs share its promise, so
 * a burst of N calls costs one run. A caller may get an answer that was read
 * before it called: use it where the key names the version of what is read
 * (a cache keyed by a stamp) or where a moment-old answer is as good (a
 * metrics scrape). Reads that must begin after their call use `SharedReads`.
 */
export class InFlight<K, V> {
  private readonly running = new Map<K, Promise<V>>();

  run(key: K, task: () => Promise<V>): Promise<V> {
    let pending = this.running.get(key);
    if (!pending) {
      pending = task().finally(() => this.running.delete(key));
      this.running.set(key, pending);
    }
    return pending;
  }

  get size(): number {
    return this.running.size;
  }
}

/** The one-key form of {@link InFlight}: calls made while one runs share its promise. */
export function shareInFlight<T>(task: () => Promise<T>): () => Promise<T> {
  const inFlight = new InFlight<null, T>();
  return () => inFlight.run(null, task);
}
