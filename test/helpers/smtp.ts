import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The whole message as received (headers and every part), for "never contains" checks. */
  raw: string;
}

export interface TestSmtp {
  url: string;
  messages: ReceivedMail[];
  /** When set, called for every message; return an Error to refuse it (e.g. a server that is down). */
  refuse: (() => Error | null) | null;
  close(): Promise<void>;
  /** Waits until `count` messages have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
}

/** A real SMTP server on a random local port that keeps what it receives, parsed with mailparser. */
export async function startSmtp(): Promise<TestSmtp> {
  const state: TestSmtp = {
    url: '',
    messages: [],
    refuse: null,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async waitFor(count, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (state.messages.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} messages, got ${state.messages.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return state.messages;
    },
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const refusal = state.refuse?.() ?? null;
        if (refusal) return callback(refusal);
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then((parsed: ParsedMail) => {
          state.messages.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            raw,
          });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  return state;
}
