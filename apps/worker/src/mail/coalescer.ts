/**
 * Turns many concurrent single-item calls into one batched call: items
 * requested in the same turn of the event loop (or until `max` are waiting)
 * go to `run` together. Each caller still gets its own result or the batch's
 * error, so a job keeps its own outcome. Used so that 32 concurrent send jobs
 * cost a couple of PostgreSQL round trips instead of 64.
 */
export class Coalescer<K, V> {
  private waiting: Array<{ key: K; resolve: (value: V) => void; reject: (error: unknown) => void }> = [];
  private scheduled = false;

  constructor(
    private readonly run: (keys: K[]) => Promise<V[]>,
    private readonly max = 64,
  ) {}

  call(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      if (this.waiting.length >= this.max) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.waiting;
    if (batch.length === 0) return;
    this.waiting = [];
    this.run(batch.map((w) => w.key)).then(
      (values) => batch.forEach((w, i) => w.resolve(values[i])),
      (error: unknown) => batch.forEach((w) => w.reject(error)),
    );
  }
}
