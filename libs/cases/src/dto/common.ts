/**
 * What the case DTOs share: the limits on amounts and dates, the calendar-date validator and the `version` every
 * change to an existing row is based on.
 */
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min, registerDecorator, ValidationOptions } from 'class-validator';
import { DecimalInt } from '@forebyg/core';
import { isIsoDate } from '@forebyg/domain';

/** Largest amount accepted anywhere in a case: 100 million kroner, far above any household's figures. */
export const MAX_ORE = 10_000_000_000;

/**
 * Dates a case can hold. Wider than any case needs, narrow enough that PostgreSQL stores every one (it has no
 * year 0) and that counting business days to one stays quick (each year's holidays are computed once).
 */
export const CASE_DATE_RANGE = { min: '2000-01-01', max: '2099-12-31' } as const;

/** A real calendar date written `YYYY-MM-DD` (not 2026-02-30), within {@link CASE_DATE_RANGE}. */
export function IsCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date YYYY-MM-DD from ${CASE_DATE_RANGE.min} to ${CASE_DATE_RANGE.max}`, ...options },
      validator: {
        validate: (value: unknown) => isIsoDate(value) && value >= CASE_DATE_RANGE.min && value <= CASE_DATE_RANGE.max,
      },
    });
}

/** For `@ValidateIf`: validate the field when it was sent (null included, so null is refused). */
export const present = (_: unknown, v: unknown) => v !== undefined;
/** For `@ValidateIf`: validate the field when it was sent and is not null (null clears it). */
export const notNull = (_: unknown, v: unknown) => v !== undefined && v !== null;

/** Comma-separated list in a query string → array of strings (validated per element). */
export const csv = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s !== '') : value;

export class VersionedDto {
  @ApiProperty({ description: 'The version this change is based on' })
  @IsInt()
  @Min(1)
  version: number;
}

export class VersionQueryDto {
  @ApiProperty()
  @DecimalInt()
  @IsInt()
  @Min(1)
  version: number;
}
