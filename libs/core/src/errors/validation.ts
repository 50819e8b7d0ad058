import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from './domain-error.js';
import { FieldError } from './error-code.js';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([reason, message]) => ({ field, reason, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Characters PostgreSQL cannot store: NUL (not in `text`, nor as `\u0000` in `jsonb`) and lone UTF-16 surrogates
 * (no UTF-8 form; `jsonb` refuses their `\ud800` escapes). Text from a request with one of them would fail at the
 * database as a 500, so it is refused as input.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** Paths of the strings (values and keys) in a request's body or query that the database could not store. */
export function unstorablePaths(value: unknown, path = '', depth = 0): string[] {
  if (typeof value === 'string') return isStorableText(value) ? [] : [path || '(body)'];
  if (value === null || typeof value !== 'object' || depth > 32) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
    const p = path ? `${path}.${k}` : k;
    return isStorableText(k) ? unstorablePaths(v, p, depth + 1) : [p.replace(/[^\x20-\x7e]/g, '?')];
  });
}

class StorableValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const bad = unstorablePaths(value);
      if (bad.length) {
        throw DomainError.validation(
          bad.slice(0, 20).map((field) => ({ field, reason: 'invalid_characters', message: 'must not contain NUL characters or unpaired surrogates' })),
        );
      }
    }
    return super.transform(value, metadata);
  }
}

/**
 * class-validator DTOs: unknown fields rejected, errors reported per field as 422 validation_failed; text the
 * database cannot store (NUL, lone surrogates) refused anywhere in a body or query, on every route.
 */
export function createValidationPipe() {
  return new StorableValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => DomainError.validation(flatten(errors)),
  });
}
