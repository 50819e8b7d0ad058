import { ErrorCode } from './error-code.js';

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BadRequest:
      return 400;
    case ErrorCode.Unauthenticated:
    case ErrorCode.SessionExpired:
    case ErrorCode.InvalidCredentials:
      return 401;
    case ErrorCode.Forbidden:
      return 403;
    case ErrorCode.NotFound:
      return 404;
    case ErrorCode.Conflict:
    case ErrorCode.EmailTaken:
    case ErrorCode.VersionConflict:
      return 409;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UnsupportedMediaType:
      return 415;
    case ErrorCode.ValidationFailed:
      return 422;
    case ErrorCode.TooManyAttempts:
      return 429;
    case ErrorCode.ServiceUnavailable:
      return 503;
    case ErrorCode.Internal:
      return 500;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}
