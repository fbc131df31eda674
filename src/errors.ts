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

export class ValidationError extends AppError {
  constructor(
    public readonly fields: FieldErrors,
    message = 'Please correct the highlighted fields.',
  ) {
    super(message, 422, 'Please check your entries');
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
