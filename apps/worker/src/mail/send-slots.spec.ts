import { SendSlots } from './send-slots';

describe('SendSlots', () => {
  it('runs at most `size` tasks at once, the others in arrival order', async () => {
    const slots = new SendSlots(2);
    const started: number[] = [];
    const release: Array<() => void> = [];
    const tasks = [0, 1, 2, 3].map((i) =>
      slots.run(async () => {
        started.push(i);
        await new Promise<void>((resolve) => release.push(resolve));
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    release[1]();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    release[0]();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2, 3]);
    release[2]();
    release[3]();
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3]);
  });

  it('frees the slot of a task that throws', async () => {
    const slots = new SendSlots(1);
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await slots.run(() => Promise.resolve('next'))).toBe('next');
  });
});
