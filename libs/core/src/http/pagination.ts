import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '../errors/domain-error.js';

/**
 * A whole number written in plain decimal digits becomes a number; anything else stays as sent, so validation
 * names it (`Number()` would also accept `0x10`, `1e3` or `  7 `).
 */
export const DecimalInt = () =>
  Transform(({ value }) => (typeof value === 'string' && /^[0-9]{1,12}$/.test(value) ? Number(value) : value));

/**
 * The one list convention: `?page=1&pageSize=25&sort=-createdAt,name` (a leading `-` sorts descending);
 * filters are further named query parameters; the answer is `{ items, page, pageSize, total }`.
 */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @DecimalInt()
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 25 })
  @IsOptional()
  @DecimalInt()
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;

  @ApiPropertyOptional({ description: 'Comma-separated fields; prefix with - for descending', example: '-createdAt' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^-?[A-Za-z]+(,-?[A-Za-z]+)*$/)
  sort?: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface PageRequest {
  page: number;
  pageSize: number;
  offset: number;
  /** SQL ORDER BY items already mapped to trusted column expressions. */
  orderBy: { column: string; direction: 'ASC' | 'DESC' }[];
}

/** Maps the query to a trusted ORDER BY: only the listed fields may be sorted on (others are a 422). */
export function pageRequest(query: PageQueryDto, sortable: Record<string, string>, defaultSort: string): PageRequest {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 25;
  const orderBy = (query.sort ?? defaultSort).split(',').map((field) => {
    const direction: 'ASC' | 'DESC' = field.startsWith('-') ? 'DESC' : 'ASC';
    const key = field.replace(/^-/, '');
    // Own keys only: `valueOf` or `constructor` must not find Object.prototype's functions.
    const column = Object.hasOwn(sortable, key) ? sortable[key] : undefined;
    if (!column) {
      throw DomainError.validation([{ field: 'sort', reason: 'unsupported_sort', message: `Cannot sort by ${key}; use one of ${Object.keys(sortable).join(', ')}` }]);
    }
    return { column, direction };
  });
  return { page, pageSize, offset: (page - 1) * pageSize, orderBy };
}

export function orderBySql(req: PageRequest): string {
  return req.orderBy.map((o) => `${o.column} ${o.direction}`).join(', ');
}
