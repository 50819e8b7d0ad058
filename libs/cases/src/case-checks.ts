/** Checks shared by opening a case and changing one. */
import { DomainError } from '@forebyg/core';
import type { CaseDatesDto } from './dto/index.js';

/** Dates of things that have happened cannot be after today; only the (scheduled) eviction date may be. */
export function assertNoFutureFacts(dates: CaseDatesDto | undefined, today: string): void {
  for (const [field, value] of Object.entries(dates ?? {}) as [string, string | null | undefined][]) {
    if (value && field !== 'evictionDate' && value > today) {
      throw DomainError.validation([{ field: `dates.${field}`, reason: 'in_future', message: 'This date cannot be in the future' }]);
    }
  }
}

/** A unique index refused the row (PostgreSQL 23505): here, a second open case on one tenancy. */
export const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';
