import type { Server } from 'node:http';
import { loadConfigOrReport } from './config';
import { createDb, createReadDb } from './db/db';
import { migrateLatest } from './db/migrations';
import { createLogger } from './logger';
import { createApp } from './app';
import { UploadParser } from './uploads/isolated-parse';
import { ensureOnetLoaded } from './onet/onet.service';
import { MailWorker } from './mail/mail-worker';
import { createTransport } from './mail/transport';
import { cycleRemindersJob } from './cycles/cycle-reminders.service';
import { dailyDigestJob } from './mail/digest.service';
import { Scheduler } from './scheduler/scheduler.service';
import { isEmptyDatabase, seedDemo, DEMO_PASSWORD, DEMO_PEOPLE } from '../seeds/demo';

async function main(): Promise<void> {
  const config = loadConfigOrReport();
  if (!config) process.exit(1);
  const logger = createLogger(config);
  const db = createDb(config.databaseUrl);
  await migrateLatest(db);
  if (config.demoData && (await isEmptyDatabase(db))) {
    await seedDemo(db, logger);
    console.log(`\nDemo data loaded. Sign in with any of these accounts, password ${DEMO_PASSWORD}:`);
    for (const p of DEMO_PEOPLE) console.log(`  ${p.email.padEnd(26)} ${p.roles.join(', ')}`);
    console.log('');
  }
  // O*NET reference data (not demo data): loaded once, then linked to the catalogue's keys.
  await ensureOnetLoaded(db);
  const readDb = createReadDb(config.databaseUrl, db);
  const uploads = new UploadParser(); // reads uploaded files in a child process; stopped at shutdown
  const app = createApp({ db, readDb, config, logger, uploads });
  // Background work next to the HTTP server (never in createApp): the outbox sender and the daily
  // jobs. Both are stopped by the shutdown below before the database closes.
  const transport = createTransport(config, logger);
  if (transport.kind === 'log') logger.warn('SMTP_URL is not set: e-mail is written to the log and the Sent mail page only');
  const mailWorker = new MailWorker({ db, transport, from: config.mailFrom, logger });
  mailWorker.start();
  const scheduler = new Scheduler(db, logger, [dailyDigestJob(db, config.publicBaseUrl), cycleRemindersJob(db, config.publicBaseUrl)]);
  scheduler.start();
  const server: Server = app.listen(config.port, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info(`Listening on http://localhost:${port}`);
    if (process.stdout.isTTY || config.env !== 'production')
      console.log(`Competency gap assessment is running at http://localhost:${port}`);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    server.close(() => {
      Promise.all([uploads.close(), mailWorker.stop(), scheduler.stop()])
        .then(() => Promise.all([db.destroy(), readDb === db ? undefined : readDb.destroy()]))
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
    server.closeIdleConnections();
    // Requests that never finish must not keep the process alive forever.
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('Start-up failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
