import { describe, expect, it } from 'vitest';
import { createHashGate, HashGateFullError } from './hash-gate';

/** A piece of work that finishes when the test says so. */
function held() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { work: () => done, finish };
}

describe('hash gate', () => {
  it('runs two at once, lets one wait, and refuses the next at once', async () => {
    const gate = createHashGate({ concurrency: 2, queue: 1 });
    const jobs = [held(), held(), held()];
    const started = jobs.map((j) => gate.run(j.work));
    expect(gate.running).toBe(2);
    expect(gate.waiting).toBe(1);
    await expect(gate.run(() => Promise.resolve('late'))).rejects.toBeInstanceOf(HashGateFullError);
    jobs.forEach((j) => j.finish());
    await Promise.all(started);
    expect(gate.running).toBe(0);
    expect(gate.waiting).toBe(0);
  });

  it('hands a freed slot to the one waiting, in order, and frees it when the work fails', async () => {
    const gate = createHashGate({ concurrency: 1, queue: 2 });
    const order: string[] = [];
    const first = held();
    const a = gate.run(async () => {
      await first.work();
      throw new Error('hash failed');
    });
    const b = gate.run(() => Promise.resolve(void order.push('b')));
    const c = gate.run(() => Promise.resolve(void order.push('c')));
    expect(gate.waiting).toBe(2);
    first.finish();
    await expect(a).rejects.toThrow('hash failed');
    await Promise.all([b, c]);
    expect(order).toEqual(['b', 'c']);
    expect(gate.running).toBe(0);
    await expect(gate.run(() => Promise.resolve(42))).resolves.toBe(42);
  });

  it('with no queue refuses whatever arrives while the slots are busy', async () => {
    const gate = createHashGate({ concurrency: 1, queue: 0 });
    const job = held();
    const running = gate.run(job.work);
    await expect(gate.run(() => Promise.resolve())).rejects.toBeInstanceOf(HashGateFullError);
    job.finish();
    await running;
  });
});
