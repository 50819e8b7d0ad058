/** Every error a client can see. The HTTP status of each lives in one exhaustive switch (http-status.ts). */
export enum ErrorCode {
  BadRequest = 'bad_request',
  ValidationFailed = 'validation_failed',
  Unauthenticated = 'unauthenticated',
  SessionExpired = 'session_expired',
  InvalidCredentials = 'invalid_credentials',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  EmailTaken = 'email_taken',
  VersionConflict = 'version_conflict',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  TooManyAttempts = 'too_many_attempts',
  ServiceUnavailable = 'service_unavailable',
  Internal = 'internal',
}

export interface FieldError {
  field: string;
  reason: string;
  message?: string;
}
