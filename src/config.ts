import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  databaseUrl: string;
  sessionSecret: string;
  demoData: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  trustProxy: boolean;
  logLevel: string;
  dataDir: string;
  /** Failed sign-ins for one email from one address within the window before 429. */
  signInAccountFailures: number;
  /** Failed sign-ins from one address (any email) within the window before 429. */
  signInAddressFailures: number;
  signInWindowMinutes: number;
  /** Failed sign-ins across all addresses within one minute before 429 for everyone. */
  signInGlobalPerMinute: number;
  /** Password hashes computed at once (each scrypt hash holds 128 MB and a libuv thread). */
  passwordHashConcurrency: number;
  /** Sign-ins that may wait for a hash slot; one more is refused with 429. */
  passwordHashQueue: number;
  /** Hash slots (running or waiting) one address may hold at once; one more is refused with 429. */
  passwordHashPerAddress: number;
  /** smtp://user:pass@host:port or smtps://…; null: mail goes to the log and the Sent mail page only. */
  smtpUrl: string | null;
  /** The From address of every message. */
  mailFrom: string;
  /** Where people reach the app (no trailing slash): links in e-mail and the SSO redirect URL are built from it. */
  publicBaseUrl: string;
  /** Single sign-on with the employer's OpenID Connect provider; null when not configured. */
  oidc: OidcConfig | null;
  /** Admins (by email) who may still sign in with a password when password sign-in is switched off. */
  breakGlassAdmins: string[];
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  displayName: string;
  /** `${publicBaseUrl}/login/sso/callback`, registered at the provider. */
  redirectUri: string;
  /** The ID token claim holding the employee ID of the org import (users.employee_id). */
  employeeIdClaim: string;
  /** Create an employee-only account for a person no account matches (otherwise refused). */
  createAccounts: boolean;
  /** http:// to a provider on this machine (tests, the local dev provider); never in production. */
  allowInsecure: boolean;
}

export class ConfigError extends Error {}

const boolish = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(v), 'must be true or false')
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const positiveInt = (max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `must be between 1 and ${max}`);

const wholeNumber = (max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n <= max, `must be between 0 and ${max}`);

const httpUrl = z
  .string()
  .trim()
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must be an http:// or https:// URL')
  .transform((v) => v.replace(/\/+$/, ''));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a port number')
    .transform(Number)
    .refine((n) => n >= 0 && n <= 65535, 'must be between 0 and 65535')
    .optional(),
  DATABASE_URL: z
    .string()
    .trim()
    .refine((v) => /^sqlite:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v), 'must be sqlite:<path> or postgres://…')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  DEMO_DATA: boolish.optional(),
  SESSION_IDLE_MINUTES: positiveInt(24 * 60).optional(),
  SESSION_ABSOLUTE_HOURS: positiveInt(24 * 7).optional(),
  TRUST_PROXY: boolish.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  DATA_DIR: z.string().trim().min(1).optional(),
  SIGN_IN_ACCOUNT_FAILURES: positiveInt(1000).optional(),
  SIGN_IN_ADDRESS_FAILURES: positiveInt(100_000).optional(),
  SIGN_IN_WINDOW_MINUTES: positiveInt(24 * 60).optional(),
  SIGN_IN_GLOBAL_PER_MINUTE: positiveInt(1_000_000).optional(),
  PASSWORD_HASH_CONCURRENCY: positiveInt(64).optional(),
  PASSWORD_HASH_QUEUE: wholeNumber(10_000).optional(),
  PASSWORD_HASH_PER_ADDRESS: positiveInt(10_000).optional(),
  PUBLIC_BASE_URL: httpUrl.optional(),
  OIDC_ISSUER: httpUrl.optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  OIDC_DISPLAY_NAME: z.string().trim().min(1).max(60, 'must be at most 60 characters').optional(),
  OIDC_EMPLOYEE_ID_CLAIM: z
    .string()
    .trim()
    .regex(/^[\w.:/-]{1,200}$/, 'must be a claim name')
    .optional(),
  OIDC_CREATE_ACCOUNTS: boolish.optional(),
  PASSWORD_BREAK_GLASS_ADMINS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine((list) => list.every((e) => /^[^@\s]+@[^@\s]+$/.test(e)), 'must be a comma-separated list of email addresses')
    .optional(),
  SMTP_URL: z
    .string()
    .trim()
    .refine((v) => /^smtps?:\/\/[^/]+/.test(v), 'must be smtp://host:port or smtps://…')
    .optional(),
  MAIL_FROM: z.string().trim().min(3).max(254).optional(),
});

/**
 * Reads the environment once. Throws ConfigError with one line naming the variable on a bad value.
 * Side effect (outside production only): creates data/session-secret so sessions survive restarts.
 */
/** For entry points: the config, or null after printing the one-line reason it is invalid. */
export function loadConfigOrReport(env: NodeJS.ProcessEnv = process.env): Config | null {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`Configuration error: ${err.message}`);
    return null;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const dataDir = path.resolve(e.DATA_DIR ?? 'data');
  if (production && !e.SESSION_SECRET) {
    throw new ConfigError('Invalid SESSION_SECRET: required when NODE_ENV=production (at least 32 characters)');
  }
  const publicBaseUrl = e.PUBLIC_BASE_URL ?? null;
  const config: Config = {
    env: e.NODE_ENV,
    port: e.PORT ?? 3000,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'app.db')}`,
    sessionSecret: e.SESSION_SECRET ?? localSecret(dataDir),
    demoData: e.DEMO_DATA ?? !production,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES ?? 30,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS ?? 12,
    trustProxy: e.TRUST_PROXY ?? production,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    dataDir,
    signInAccountFailures: e.SIGN_IN_ACCOUNT_FAILURES ?? SIGN_IN_DEFAULTS.signInAccountFailures,
    signInAddressFailures: e.SIGN_IN_ADDRESS_FAILURES ?? SIGN_IN_DEFAULTS.signInAddressFailures,
    signInWindowMinutes: e.SIGN_IN_WINDOW_MINUTES ?? SIGN_IN_DEFAULTS.signInWindowMinutes,
    signInGlobalPerMinute: e.SIGN_IN_GLOBAL_PER_MINUTE ?? SIGN_IN_DEFAULTS.signInGlobalPerMinute,
    passwordHashConcurrency: e.PASSWORD_HASH_CONCURRENCY ?? SIGN_IN_DEFAULTS.passwordHashConcurrency,
    passwordHashQueue: e.PASSWORD_HASH_QUEUE ?? SIGN_IN_DEFAULTS.passwordHashQueue,
    passwordHashPerAddress: e.PASSWORD_HASH_PER_ADDRESS ?? SIGN_IN_DEFAULTS.passwordHashPerAddress,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? 'Competency gap assessment <no-reply@localhost>',
    publicBaseUrl: publicBaseUrl ?? `http://localhost:${e.PORT ?? 3000}`,
    oidc: oidcConfig(e, production),
    breakGlassAdmins: e.PASSWORD_BREAK_GLASS_ADMINS ?? [],
  };
  return Object.freeze(config);
}

// Sign-in limits (README "Security"). The address limit is twice the account one so that one
// person mistyping on two accounts is never refused by it, yet a password spray from one address
// stops after 20 guesses. Two hashes at once keep 2 of the 4 libuv threads free for SQLite and
// files; 8 waiting is about 2 s of queue at N = 2^17 on a 2-core machine. One address holds at
// most 2 of those 10 places, so a flood from one address leaves the rest to everyone else.
const SIGN_IN_DEFAULTS = {
  signInAccountFailures: 10,
  signInAddressFailures: 20,
  signInWindowMinutes: 15,
  signInGlobalPerMinute: 300,
  passwordHashConcurrency: 2,
  passwordHashQueue: 8,
  passwordHashPerAddress: 2,
} satisfies Partial<Config>;

const OIDC_REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_DISPLAY_NAME', 'PUBLIC_BASE_URL'] as const;

/**
 * SSO is on when any OIDC_ variable is set; then all of OIDC_REQUIRED must be, so a provider is
 * never half-configured. Plain http is accepted only for a provider on this machine outside
 * production (tests and `npm run sso:dev-provider`); anywhere else the issuer must be https.
 */
function oidcConfig(e: z.infer<typeof schema>, production: boolean): OidcConfig | null {
  const anySet = (Object.keys(e) as (keyof typeof e)[]).some((k) => k.startsWith('OIDC_'));
  if (!anySet) return null;
  for (const name of OIDC_REQUIRED) {
    if (e[name] === undefined) throw new ConfigError(`Invalid ${name}: required when single sign-on (OIDC_ISSUER…) is configured`);
  }
  const issuer = new URL(e.OIDC_ISSUER!);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
  if (issuer.protocol !== 'https:' && (production || !local)) {
    throw new ConfigError('Invalid OIDC_ISSUER: must be https:// (http:// only for a provider on localhost outside production)');
  }
  const base = e.PUBLIC_BASE_URL!;
  if (production && !base.startsWith('https://'))
    throw new ConfigError('Invalid PUBLIC_BASE_URL: must be https:// when NODE_ENV=production');
  return {
    issuer: e.OIDC_ISSUER!,
    clientId: e.OIDC_CLIENT_ID!,
    clientSecret: e.OIDC_CLIENT_SECRET!,
    displayName: e.OIDC_DISPLAY_NAME!,
    redirectUri: `${base}/login/sso/callback`,
    employeeIdClaim: e.OIDC_EMPLOYEE_ID_CLAIM ?? 'employee_id',
    createAccounts: e.OIDC_CREATE_ACCOUNTS ?? false,
    allowInsecure: issuer.protocol === 'http:',
  };
}

function localSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = crypto.randomBytes(48).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

/** Config for tests: no environment, no files. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({
    env: 'test',
    port: 0,
    databaseUrl: 'sqlite::memory:',
    sessionSecret: 'test-secret-test-secret-test-secret-123',
    demoData: false,
    sessionIdleMinutes: 30,
    sessionAbsoluteHours: 12,
    trustProxy: false,
    logLevel: 'silent',
    dataDir: '.tmp',
    oidc: null,
    breakGlassAdmins: [],
    ...SIGN_IN_DEFAULTS,
    smtpUrl: null,
    mailFrom: 'Competency gap assessment <no-reply@example.gov>',
    publicBaseUrl: 'http://app.example.gov',
    ...overrides,
  });
}
