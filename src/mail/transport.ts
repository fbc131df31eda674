import nodemailer from 'nodemailer';
import type { Config } from '../config';
import type { Logger } from '../logger';

// Where the worker hands messages. With SMTP_URL: nodemailer over SMTP. Without (a newcomer's
// machine): the log, so the whole flow can be followed locally; the Sent mail page shows the rest.

export interface Envelope {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'log';
  send(m: Envelope): Promise<void>;
  close(): void;
}

export function createTransport(config: Pick<Config, 'smtpUrl' | 'env'>, logger: Logger): MailTransport {
  if (config.smtpUrl) return smtpTransport(config.smtpUrl);
  return logTransport(logger, config.env !== 'production');
}

export function smtpTransport(smtpUrl: string): MailTransport {
  // Timeouts short enough that a hung server delays one worker run, not the shutdown.
  const transporter = nodemailer.createTransport(smtpUrl, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as Parameters<typeof nodemailer.createTransport>[1]);
  return {
    kind: 'smtp',
    async send(m) {
      await transporter.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html });
    },
    close() {
      transporter.close();
    },
  };
}

/**
 * Writes each message to the log instead of sending it. Outside production the plain-text body is
 * logged too (a password link is the point of following the flow locally); in production only who
 * and what, since the log is read by more people than the recipient.
 */
export function logTransport(logger: Logger, withBody: boolean): MailTransport {
  return {
    kind: 'log',
    send(m) {
      logger.info(
        { mail: { to: m.to, subject: m.subject, ...(withBody ? { text: m.text } : {}) } },
        'mail (no SMTP_URL: logged, not sent)',
      );
      if (withBody) console.log(`\n--- mail to ${m.to}: ${m.subject}\n${m.text}---\n`);
      return Promise.resolve();
    },
    close() {},
  };
}
