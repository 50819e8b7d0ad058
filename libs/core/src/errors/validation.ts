import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from './domain-error.js';
import { FieldError } from './error-code.js';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([reason, message]) => ({ field, reason, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** class-validator DTOs: unknown fields rejected, errors reported per field as 422 validation_failed. */
export function createValidationPipe() {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => DomainError.validation(flatten(errors)),
  });
}
