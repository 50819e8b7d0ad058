/** Money cells of an arrears row (monthly rent, arrears): Danish amounts as text, kroner as JSON numbers; øre out. */
import { parseDanishMoney } from '@forebyg/domain';
import type { ColumnKey } from '../columns.js';
import { cell, fail, isDigit } from './cell.js';

/**
 * The common money forms without regexes: `1234`, `1234.56`, `1234,56`, `1.234,56`, `1 234,56`, `1.234`
 * (Danish thousands). Returns øre, or -1 for anything else (which then goes to the domain's parseDanishMoney).
 * Gives the same result as parseDanishMoney for every string it accepts.
 */
export function plainMoney(s: string): number {
  const n = s.length;
  let i = 0;
  let kr = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    kr = kr * 10 + (c - 48);
    i++;
  }
  const lead = i;
  if (lead === 0 || lead > 13) return -1;
  if (i === n) return kr * 100;
  let sep = s.charCodeAt(i);
  // Thousands groups: "." or " " followed by exactly three digits, after a lead of 1-3 digits not starting with 0.
  if (
    (sep === 46 || sep === 32) &&
    lead <= 3 &&
    s.charCodeAt(0) !== 48 &&
    n - i >= 4 &&
    isGroup(s, i + 1) &&
    (i + 4 === n || !isDigit(s, i + 4))
  ) {
    const groupSep = sep;
    let groups = 0;
    while (i < n && s.charCodeAt(i) === groupSep && i + 4 <= n && isGroup(s, i + 1) && (i + 4 === n || !isDigit(s, i + 4))) {
      kr = kr * 1000 + (s.charCodeAt(i + 1) - 48) * 100 + (s.charCodeAt(i + 2) - 48) * 10 + (s.charCodeAt(i + 3) - 48);
      i += 4;
      if (++groups > 3) return -1; // larger amounts: parseDanishMoney checks the range
    }
    if (i === n) return kr * 100;
    sep = s.charCodeAt(i);
    if (sep !== 44) return -1; // after thousands groups only a decimal comma may follow
  } else if (sep !== 44 && sep !== 46) {
    return -1;
  }
  const decimals = n - i - 1;
  if (decimals < 1 || decimals > 2) return -1;
  if (!isDigit(s, i + 1) || (decimals === 2 && !isDigit(s, i + 2))) return -1;
  const d1 = s.charCodeAt(i + 1) - 48;
  const d2 = decimals === 2 ? s.charCodeAt(i + 2) - 48 : 0;
  return kr * 100 + d1 * 10 + d2;
}

const isGroup = (s: string, i: number): boolean => isDigit(s, i) && isDigit(s, i + 1) && isDigit(s, i + 2);

/**
 * Kroner as a JSON number to øre, exactly: accepted only when the number's shortest decimal form has at most
 * two decimals (so 1234.5 and 0.29 pass, 0.1 + 0.2 = 0.30000000000000004 does not). Checked without strings:
 * `ore / 100 === n` holds exactly when n is the double nearest to a decimal with two places. Amounts of 10^13
 * kroner and more are refused (their øre would not be safe integers).
 */
export function kronerNumberToOre(n: number): number | null {
  if (!(Math.abs(n) < 1e13)) return null; // also NaN and ±Infinity
  const ore = Math.round(n * 100);
  if (ore / 100 !== n) return null;
  return ore === 0 ? 0 : ore; // no -0
}

export function money(v: unknown, column: ColumnKey): number | null {
  let ore: number;
  let shown: string;
  if (typeof v === 'number') {
    shown = String(v);
    const r = kronerNumberToOre(v);
    if (r === null) return fail(column, 'invalid_money', shown);
    ore = r;
  } else {
    const s = cell(v, column, false);
    if (s === null) return null;
    shown = s;
    const fast = plainMoney(s);
    if (fast >= 0) ore = fast;
    else {
      const r = parseDanishMoney(s);
      if (!r.ok) {
        // Some ledgers (SAP among them) write a credit with the minus last: "1.234,56-".
        const credit = s.endsWith('-') && !s.endsWith(',-') && parseDanishMoney(s.slice(0, -1));
        return fail(column, credit && credit.ok && credit.ore > 0 ? 'negative_amount' : 'invalid_money', s);
      }
      ore = r.ore;
    }
  }
  return ore < 0 ? fail(column, 'negative_amount', shown) : ore;
}
