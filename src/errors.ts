/** One error family; the error middleware turns each into the right page and status. */
export class AppError extends Error {
  constructor(
    message: string,
    public readonly status: number,
    public readonly title: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Also used for objects the person may not see: another person's object answers 404, not 403. */
export class NotFoundError extends AppError {
  constructor(message = 'The page you asked for does not exist, or you do not have access to it.') {
    super(message, 404, 'Page not found');
  }
}

export type FieldErrors = Record<string, string>;

/**
 * Bad input, the one way services refuse it: a message per field (keyed by the form's element id)
 * and, optionally, one message about the whole form. The error middleware re-renders the form the
 * route named (see web/form-view.ts) with these messages and what the person typed. `status` is
 * 422 except for a file that is not of a readable type at all (400), which is still shown next to
 * its field.
 */
export class ValidationError extends AppError {
  /** The service's message about the form as a whole, or null when only the fields speak. */
  public readonly summary: string | null;

  constructor(
    public readonly fields: FieldErrors,
    message?: string,
    status: 400 | 422 = 422,
  ) {
    super(message ?? 'Please correct the highlighted fields.', status, 'Please check your entries');
    this.summary = message ?? null;
  }
}

export class ConflictError extends AppError {
  constructor(message: string, title = 'This has changed') {
    super(message, 409, title);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do that.') {
    super(message, 403, 'Not allowed');
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, title = 'This request could not be used') {
    super(message, 400, title);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message: string) {
    super(message, 429, 'Too many attempts');
  }
}

/** The server is too busy to take this now; the person can send it again shortly. */
export class ServiceUnavailableError extends AppError {
  constructor(message: string, title = 'Busy right now') {
    super(message, 503, title);
  }
}

/** Something that existed for a while and is gone now (an old preview): the person starts again. */
export class GoneError extends AppError {
  constructor(message: string, title = 'No longer available') {
    super(message, 410, title);
  }
}
