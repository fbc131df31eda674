import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ServiceUnavailableError } from '../errors';
import { PARSE_LIMITS } from './limits';
import { PRELOAD_FLAG, type ChildReply, type ChildRequest, type ParseJob, type ParseOutcome } from './parse-jobs';
import { UploadRefusedError } from './upload-refused';
import { UPLOAD_TEXT } from './uploads.text';

// Uploaded files are read in a child process, never in the app's own: a PDF, DOCX or XLSX library
// given a decompression bomb or a 30,000-page file takes all the memory or CPU it can find, and in
// the app's process that is every request's memory and event loop. The child runs with a V8 heap
// limit, is watched for resident memory (buffers live outside the heap) and time, and is killed
// past either; the file is then refused with a message saying which limit it hit. One file is read
// at a time (the machine has two cores and the app needs one), a few wait, more get 503.
// Children are kept between files while they stay small, replaced when they grew, and stopped
// when idle so that their memory goes back to the system. Starting a child is most of the wait
// for a preview (Node, tsx's TypeScript hook, the PDF and Word readers: 1.5–3 s on a busy two-core
// machine, against 0.1–0.6 s to read a spec), so an upload form starts one when it is shown
// (`warm`), and that child loads the readers while the person is choosing the file.

const MB = 1024 * 1024;
const WATCH_MS = 50;

export type UploadParserOptions = Partial<typeof PARSE_LIMITS>;

interface Slot {
  child: ChildProcess;
  stderrTail: string;
  idleTimer?: NodeJS.Timeout;
}

interface Waiting {
  job: ParseJob;
  name: string;
  resolve: (outcome: ParseOutcome) => void;
  reject: (err: unknown) => void;
}

/** The child starts on plain Node (see parse-child-boot.cjs), with a heap limit. */
function childCommand(heapMb: number, preload: boolean): { entry: string; args: string[]; execArgv: string[] } {
  return {
    entry: path.join(__dirname, 'parse-child-boot.cjs'),
    args: preload ? [PRELOAD_FLAG] : [],
    execArgv: [`--max-old-space-size=${heapMb}`],
  };
}

/** Resident memory of a process in bytes (Linux), or 0 where /proc is not available. */
async function residentBytes(pid: number | undefined): Promise<number> {
  if (!pid) return 0;
  try {
    const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export class UploadParser {
  private readonly limits: typeof PARSE_LIMITS;
  private readonly idle: Slot[] = [];
  private readonly waiting: Waiting[] = [];
  private readonly children = new Set<ChildProcess>();
  private running = 0;
  private nextId = 1;
  private closed = false;
  /** Children started, and files read, so far (tests and the bench read them). */
  spawned = 0;
  jobs = 0;

  constructor(options: UploadParserOptions = {}) {
    this.limits = { ...PARSE_LIMITS, ...options };
  }

  /**
   * Reads one file in a child. Resolves what the child made of it (text, rows, or why the content
   * cannot be used); rejects with UploadRefusedError past a limit, ServiceUnavailableError when
   * too many files are waiting.
   */
  run(job: ParseJob, name: string): Promise<ParseOutcome> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new ServiceUnavailableError(UPLOAD_TEXT.busy));
      const item = { job, name, resolve, reject };
      if (this.running < this.limits.concurrency) this.start(item);
      else if (this.waiting.length < this.limits.queue) this.waiting.push(item);
      else reject(new ServiceUnavailableError(UPLOAD_TEXT.busy));
    });
  }

  /**
   * Starts a child ahead of a file that is about to come (an upload form was just shown), unless
   * one is idle or reading already. It loads the document readers at once and waits `warmIdleMs`.
   */
  warm(): void {
    if (this.closed || this.idle.length > 0 || this.running > 0) return;
    this.park(this.spawn(true), this.limits.warmIdleMs);
  }

  /** Stops every child; files still waiting are answered 503. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(new ServiceUnavailableError(UPLOAD_TEXT.busy));
    const exits = [...this.children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    );
    this.idle.splice(0);
    await Promise.all(exits);
  }

  private spawn(preload = false): Slot {
    const { entry, args, execArgv } = childCommand(this.limits.heapMb, preload);
    const child = fork(entry, args, { execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.spawned += 1;
    const slot: Slot = { child, stderrTail: '' };
    this.children.add(child);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      slot.stderrTail = (slot.stderrTail + text).slice(-4096);
    });
    child.on('error', () => child.kill('SIGKILL')); // a failed send: 'exit' follows
    child.once('exit', () => {
      this.children.delete(child);
      const i = this.idle.indexOf(slot);
      if (i >= 0) this.idle.splice(i, 1);
      clearTimeout(slot.idleTimer);
    });
    return slot;
  }

  private park(slot: Slot, idleMs = this.limits.idleMs): void {
    if (this.closed) return void slot.child.kill('SIGKILL');
    slot.child.unref();
    slot.child.channel?.unref();
    slot.idleTimer = setTimeout(() => slot.child.kill('SIGKILL'), idleMs);
    slot.idleTimer.unref();
    this.idle.push(slot);
  }

  private start(item: Waiting): void {
    this.running += 1;
    this.jobs += 1;
    const slot = this.idle.pop() ?? this.spawn();
    const { child } = slot;
    clearTimeout(slot.idleTimer);
    child.ref();
    child.channel?.ref();
    const id = this.nextId++;
    let killedFor: 'timeout' | 'memory' | null = null;
    const kill = (reason: 'timeout' | 'memory') => {
      killedFor ??= reason;
      child.kill('SIGKILL');
    };

    const settle = (keep: boolean, answer: () => void) => {
      clearTimeout(timer);
      clearInterval(watch);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (keep) this.park(slot);
      else child.kill('SIGKILL');
      this.running -= 1;
      answer();
      const next = this.waiting.shift();
      if (next) this.start(next);
    };
    const onMessage = (reply: ChildReply) => {
      if (reply.id !== id) return;
      const keep = !reply.recycle && reply.rss < this.limits.recycleRssMb * MB;
      settle(keep, () => item.resolve(reply.outcome));
    };
    const onExit = () => {
      const outOfMemory = killedFor === 'memory' || /heap out of memory|Allocation failed|Reached heap limit/i.test(slot.stderrTail);
      const message =
        killedFor === 'timeout'
          ? UPLOAD_TEXT.timeout(item.name, Math.round(this.limits.timeoutMs / 1000))
          : outOfMemory
            ? UPLOAD_TEXT.memory(item.name, this.limits.rssMb)
            : UPLOAD_TEXT.crashed(item.name);
      settle(false, () => item.reject(new UploadRefusedError(message)));
    };

    const timer = setTimeout(() => kill('timeout'), this.limits.timeoutMs);
    const watch = setInterval(() => {
      void residentBytes(child.pid).then((rss) => {
        if (rss > this.limits.rssMb * MB) kill('memory');
      });
    }, WATCH_MS);
    child.on('message', onMessage);
    child.on('exit', onExit);
    const request: ChildRequest = { id, job: item.job };
    child.send(request);
  }
}
