/**
 * At most `concurrency` password hashes run at once and at most `queue` wait for a slot; the next
 * one is refused at once (HashGateFullError) instead of waiting. An scrypt hash at N = 2^17 holds
 * 128 MB and one of libuv's four threads for a few hundred milliseconds, and SQLite and file reads
 * use the same threads: without a cap, eight clients sending wrong passwords made /healthz take
 * seconds. Waiting is bounded too, so a flood turns into quick 429s rather than a growing queue.
 */
export class HashGateFullError extends Error {
  constructor() {
    super('Too many password checks waiting');
    this.name = 'HashGateFullError';
  }
}

export interface HashGate {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Hashes running now, and sign-ins waiting for a slot (for logs and tests). */
  readonly running: number;
  readonly waiting: number;
}

export function createHashGate({ concurrency, queue }: { concurrency: number; queue: number }): HashGate {
  let running = 0;
  const waiters: (() => void)[] = [];

  async function acquire(): Promise<void> {
    if (running < concurrency) {
      running += 1;
      return;
    }
    if (waiters.length >= queue) throw new HashGateFullError();
    // The slot is handed over by release() without `running` going down in between, so a new
    // arrival can never overtake someone who is waiting.
    await new Promise<void>((resolve) => waiters.push(resolve));
  }

  function release(): void {
    const next = waiters.shift();
    if (next) next();
    else running -= 1;
  }

  return {
    async run(work) {
      await acquire();
      try {
        return await work();
      } finally {
        release();
      }
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiters.length;
    },
  };
}
