/**
 * At most `size` tasks at once, the rest waiting in arrival order. The sender
 * renders and sends through it, so however many rows the active jobs hold,
 * only `WORKER_CONCURRENCY` messages are rendered and in the SMTP pool at a
 * time (memory stays flat, and the pool's connections are the bound anyway).
 */
export class SendSlots {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
