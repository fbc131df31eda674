/**
 * At most `concurrency` password hashes run at once and at most `queue` wait for a slot; the next
 * one is refused at once (HashGateFullError) instead of waiting. An scrypt hash at N = 2^17 holds
 * 128 MB and one of libuv's four threads for a few hundred milliseconds, and SQLite and file reads
 * use the same threads: without a cap, eight clients sending wrong passwords made /healthz take
 * seconds. Waiting is bounded too, so a flood turns into quick 429s rather than a growing queue.
 *
 * One address may hold at most `perKey` of these places (running or waiting), so a flood from one
 * address cannot fill the queue in front of everyone else during the seconds before its failures
 * reach the per-address limit.
 */
export class HashGateFullError extends Error {
  constructor() {
    super('Too many password checks waiting');
    this.name = 'HashGateFullError';
  }
}

export interface HashGateOptions {
  concurrency: number;
  queue: number;
  perKey: number;
}

export interface HashGate {
  /** Runs `work` when a slot is free; `key` (the client's address) is what `perKey` counts. */
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Hashes running now, and checks waiting for a slot (for logs and tests). */
  readonly running: number;
  readonly waiting: number;
}

export function createHashGate({ concurrency, queue, perKey }: HashGateOptions): HashGate {
  let running = 0;
  const waiters: (() => void)[] = [];
  const held = new Map<string, number>();

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
    async run(key, work) {
      const mine = held.get(key) ?? 0;
      if (mine >= perKey) throw new HashGateFullError();
      held.set(key, mine + 1);
      try {
        await acquire();
        try {
          return await work();
        } finally {
          release();
        }
      } finally {
        const left = (held.get(key) ?? 1) - 1;
        if (left > 0) held.set(key, left);
        else held.delete(key);
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
