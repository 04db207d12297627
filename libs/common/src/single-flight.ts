/**
 * Runs one task at a time; a wake-up during a run schedules exactly one
 * more run (so work that arrived meanwhile is never missed, and a burst of
 * wake-ups costs two runs, not one each). A failed run is handed to
 * `onError`, never swallowed: the caller says how it is reported.
 */
export class SingleFlight {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly onError: (error: unknown) => void) {}

  run(task: () => Promise<unknown>): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await task();
        } catch (error) {
          this.onError(error);
        }
      } while (this.again);
    })().finally(() => (this.running = null));
  }

  /** Resolves when no run is in progress (nor scheduled behind it). */
  async idle(): Promise<void> {
    await this.running;
  }
}
