import { ErrorCode, FieldError } from './error-code.js';

/** A failure the client can act on. Thrown by services; mapped to HTTP in one place (HttpErrorFilter). */
export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details: { errors?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what = 'Resource') {
    return new DomainError(ErrorCode.NotFound, `${what} not found`);
  }

  static forbidden(message = 'You do not have permission to do this') {
    return new DomainError(ErrorCode.Forbidden, message);
  }

  static validation(errors: FieldError[], message = 'The request has invalid fields') {
    return new DomainError(ErrorCode.ValidationFailed, message, { errors });
  }

  static conflict(message: string, extra: Record<string, unknown> = {}) {
    return new DomainError(ErrorCode.Conflict, message, extra);
  }
}
