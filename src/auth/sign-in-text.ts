// What the sign-in page says when it refuses. The same words whether or not the email belongs to
// an account, so neither the message nor the limit reveals who has one.

export const INVALID_LOGIN = 'Invalid email or password';

export function tooManyForAccount(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait = minutes <= 1 ? 'a minute' : `${minutes} minutes`;
  return `Too many failed sign-in attempts for this account. Try again in ${wait}, or ask HR to reset your password.`;
}

/** The per-address and the global limit: many accounts tried from one place, or a flood. */
export const TOO_MANY_ATTEMPTS = 'Too many sign-in attempts. Try again in a few minutes.';

/** Every password check is busy and the short queue is full. */
export const SIGN_IN_BUSY = 'Too many sign-in attempts at the moment. Try again in a few seconds.';

/** Retry-After of SIGN_IN_BUSY: a queue of 8 drains in about 2 s at N = 2^17. */
export const BUSY_RETRY_SECONDS = 5;
