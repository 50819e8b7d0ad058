/** Date cells of an arrears row: `YYYY-MM-DD` and `DD-MM-YYYY` checked directly, other Danish forms by the domain. */
import { isValidCalendarDate, parseDanishDate } from '@forebyg/domain';
import type { ColumnKey } from '../columns.js';
import { cell, fail, isDigit, num2 } from './cell.js';

/** Dates outside this range are typing errors (and year 0 would not even fit a PostgreSQL date). */
const MIN_DATE = '1900-01-01';
const MAX_DATE = '2199-12-31';

export function date(v: unknown, column: ColumnKey): string | null {
  const s = cell(v, column, false);
  if (s === null) return null;
  let iso: string;
  const y4 = s.length === 10 ? isoOrDanish(s) : 0;
  if (y4 !== 0) {
    // 1: YYYY-MM-DD, 2: DD?MM?YYYY with one separator of - . /
    const y = y4 === 1 ? num4(s, 0) : num4(s, 6);
    const m = y4 === 1 ? num2(s, 5) : num2(s, 3);
    const d = y4 === 1 ? num2(s, 8) : num2(s, 0);
    if (!isValidCalendarDate(y, m, d)) return fail(column, 'impossible_date', s);
    iso = y4 === 1 ? s : `${s.slice(6, 10)}-${s.slice(3, 5)}-${s.slice(0, 2)}`;
  } else {
    const r = parseDanishDate(s);
    if (!r.ok) return fail(column, r.reason === 'date' ? 'impossible_date' : 'invalid_date', s);
    iso = r.date;
  }
  return iso < MIN_DATE || iso > MAX_DATE ? fail(column, 'date_out_of_range', s) : iso;
}

const num4 = (s: string, i: number): number => num2(s, i) * 100 + num2(s, i + 2);

/** For a 10-character string: 1 if shaped YYYY-MM-DD, 2 if DD-MM-YYYY (or with . or /), else 0. */
function isoOrDanish(s: string): number {
  const c2 = s.charCodeAt(2);
  const c4 = s.charCodeAt(4);
  let shape: number;
  if (c4 === 45 && s.charCodeAt(7) === 45) shape = 1;
  else if ((c2 === 45 || c2 === 46 || c2 === 47) && s.charCodeAt(5) === c2) shape = 2;
  else return 0;
  for (let i = 0; i < 10; i++) {
    if (shape === 1 ? i === 4 || i === 7 : i === 2 || i === 5) continue;
    if (!isDigit(s, i)) return 0;
  }
  return shape;
}
