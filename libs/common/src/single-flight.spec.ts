import { SingleFlight } from './single-flight';

/** A task whose runs the test ends one by one. */
function controlledTask() {
  const runs: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  const task = () => new Promise<void>((resolve, reject) => runs.push({ resolve, reject }));
  return { task, runs };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SingleFlight', () => {
  it('runs one task at a time; wake-ups during a run cost exactly one more run', async () => {
    const flight = new SingleFlight(() => undefined);
    const { task, runs } = controlledTask();
    flight.run(task);
    flight.run(task);
    flight.run(task);
    await tick();
    expect(runs).toHaveLength(1);
    runs[0].resolve();
    await tick();
    expect(runs).toHaveLength(2);
    runs[1].resolve();
    await flight.idle();
    expect(runs).toHaveLength(2);
  });

  it('hands a failed run to onError, and still runs again for a wake-up that came meanwhile', async () => {
    const errors: unknown[] = [];
    const flight = new SingleFlight((error) => errors.push(error));
    const { task, runs } = controlledTask();
    flight.run(task);
    flight.run(task);
    await tick();
    const failure = new Error('Redis is down');
    runs[0].reject(failure);
    await tick();
    expect(errors).toEqual([failure]);
    expect(runs).toHaveLength(2);
    runs[1].resolve();
    await flight.idle();
    expect(errors).toEqual([failure]);
  });

  it('hands over a task that throws before its first await too', async () => {
    const errors: unknown[] = [];
    const flight = new SingleFlight((error) => errors.push(error));
    flight.run(() => {
      throw new Error('sync');
    });
    await flight.idle();
    expect(errors).toEqual([new Error('sync')]);
  });
});
