import { InFlight, shareInFlight } from './in-flight';

/** A task whose answer the test gives. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('InFlight', () => {
  it('shares one run among calls for the same key while it runs, and runs again after', async () => {
    const inFlight = new InFlight<string, number>();
    const first = deferred<number>();
    const task = jest.fn(() => first.promise);
    const a = inFlight.run('k', task);
    const b = inFlight.run('k', task);
    expect(task).toHaveBeenCalledTimes(1);
    first.resolve(7);
    await expect(Promise.all([a, b])).resolves.toEqual([7, 7]);
    expect(inFlight.size).toBe(0);
    await inFlight.run('k', async () => 8);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('keeps keys apart and hands a failure to every caller of that run, then forgets it', async () => {
    const inFlight = new InFlight<string, number>();
    const failing = deferred<number>();
    const a = inFlight.run('a', () => failing.promise);
    const a2 = inFlight.run('a', async () => 0);
    await expect(inFlight.run('b', async () => 2)).resolves.toBe(2);
    failing.reject(new Error('down'));
    await expect(a).rejects.toThrow('down');
    await expect(a2).rejects.toThrow('down');
    await expect(inFlight.run('a', async () => 3)).resolves.toBe(3);
  });
});

describe('shareInFlight', () => {
  it('gives calls made during a run its promise', async () => {
    const gate = deferred<string>();
    const task = jest.fn(() => gate.promise);
    const read = shareInFlight(task);
    const both = Promise.all([read(), read()]);
    gate.resolve('x');
    await expect(both).resolves.toEqual(['x', 'x']);
    expect(task).toHaveBeenCalledTimes(1);
  });
});
