import { SharedReads } from './shared-reads';

/** A query whose answers the test releases one by one. */
function controlledQuery() {
  const pending: Array<{ resolve: (v: number) => void; reject: (e: unknown) => void }> = [];
  let sent = 0;
  const query = () =>
    new Promise<number>((resolve, reject) => {
      sent++;
      pending.push({ resolve, reject });
    });
  return { query, pending, sent: () => sent };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SharedReads', () => {
  it('callers arriving while a query is in flight share the next query, never the one in flight', async () => {
    const reads = new SharedReads<number>();
    const q = controlledQuery();
    const first = reads.read('k', q.query);
    await tick();
    const second = reads.read('k', q.query);
    const third = reads.read('k', q.query);
    expect(q.sent()).toBe(1);
    q.pending[0].resolve(1);
    expect(await first).toBe(1);
    await tick();
    expect(q.sent()).toBe(2);
    q.pending[1].resolve(2);
    expect(await Promise.all([second, third])).toEqual([2, 2]);
  });

  it('different keys do not share; a failed query fails only its own callers', async () => {
    const reads = new SharedReads<number>();
    const q = controlledQuery();
    const a = reads.read('a', q.query);
    const b = reads.read('b', q.query);
    expect(q.sent()).toBe(2);
    q.pending[0].reject(new Error('boom'));
    q.pending[1].resolve(7);
    await expect(a).rejects.toThrow('boom');
    expect(await b).toBe(7);
    const again = reads.read('a', q.query);
    expect(q.sent()).toBe(3);
    q.pending[2].resolve(8);
    expect(await again).toBe(8);
  });
});
