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
    const gate = createHashGate({ concurrency: 2, queue: 1, perKey: 10 });
    const jobs = [held(), held(), held()];
    const started = jobs.map((j, i) => gate.run(`client-${i}`, j.work));
    expect(gate.running).toBe(2);
    expect(gate.waiting).toBe(1);
    await expect(gate.run('client-3', () => Promise.resolve('late'))).rejects.toBeInstanceOf(HashGateFullError);
    jobs.forEach((j) => j.finish());
    await Promise.all(started);
    expect(gate.running).toBe(0);
    expect(gate.waiting).toBe(0);
  });

  it('hands a freed slot to the one waiting, in order, and frees it when the work fails', async () => {
    const gate = createHashGate({ concurrency: 1, queue: 2, perKey: 10 });
    const order: string[] = [];
    const first = held();
    const a = gate.run('a', async () => {
      await first.work();
      throw new Error('hash failed');
    });
    const b = gate.run('b', () => Promise.resolve(void order.push('b')));
    const c = gate.run('c', () => Promise.resolve(void order.push('c')));
    expect(gate.waiting).toBe(2);
    first.finish();
    await expect(a).rejects.toThrow('hash failed');
    await Promise.all([b, c]);
    expect(order).toEqual(['b', 'c']);
    expect(gate.running).toBe(0);
    await expect(gate.run('a', () => Promise.resolve(42))).resolves.toBe(42);
  });

  it('with no queue refuses whatever arrives while the slots are busy', async () => {
    const gate = createHashGate({ concurrency: 1, queue: 0, perKey: 10 });
    const job = held();
    const running = gate.run('a', job.work);
    await expect(gate.run('b', () => Promise.resolve())).rejects.toBeInstanceOf(HashGateFullError);
    job.finish();
    await running;
  });

  it('lets one address hold only its share, leaving room for another, and gives the share back', async () => {
    const gate = createHashGate({ concurrency: 1, queue: 2, perKey: 2 });
    const flood = [held(), held()];
    const started = flood.map((j) => gate.run('flooder', j.work));
    await expect(gate.run('flooder', () => Promise.resolve())).rejects.toBeInstanceOf(HashGateFullError);
    const other = gate.run('someone-else', () => Promise.resolve('checked'));
    expect(gate.waiting).toBe(2);
    flood.forEach((j) => j.finish());
    await Promise.all(started);
    await expect(other).resolves.toBe('checked');
    await expect(gate.run('flooder', () => Promise.resolve('again'))).resolves.toBe('again');
  });
});
