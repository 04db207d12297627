interface Waiter<V> {
  resolve: (value: V) => void;
  reject: (error: unknown) => void;
}

interface Slot<V> {
  waiting: Array<Waiter<V>>;
}

/**
 * Concurrent reads of the same key share one query, without ever answering
 * a read with data fetched before the read was asked for: callers that
 * arrive while a query for their key is in flight wait for the NEXT query,
 * which is sent once that one has answered and serves all of them. So every
 * caller gets a result read after its call began, exactly as with its own
 * query, and a burst of N reads of one key costs a few queries, not N.
 * Callers share the returned object and must not mutate it.
 */
export class SharedReads<V> {
  private readonly slots = new Map<string, Slot<V>>();

  read(key: string, query: () => Promise<V>): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      const slot = this.slots.get(key);
      if (slot) {
        slot.waiting.push({ resolve, reject });
        return;
      }
      const fresh: Slot<V> = { waiting: [{ resolve, reject }] };
      this.slots.set(key, fresh);
      void this.pump(key, fresh, query);
    });
  }

  private async pump(key: string, slot: Slot<V>, query: () => Promise<V>): Promise<void> {
    while (slot.waiting.length > 0) {
      const group = slot.waiting.splice(0);
      try {
        const value = await query();
        for (const waiter of group) waiter.resolve(value);
      } catch (error) {
        for (const waiter of group) waiter.reject(error);
      }
    }
    this.slots.delete(key);
  }
}
