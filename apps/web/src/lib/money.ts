/**
 * Kroner typed by people ("1.234,56", "1234,5", "1234", "1.234", "1234.56", "1 234,56 kr.") to integer øre,
 * by string arithmetic: no float multiplication, so "0,29" is exactly 29 øre and "1.234,56" exactly 123456.
 */

export type ParsedKroner = { ok: true; ore: number } | { ok: false; empty: boolean };

const DIGITS = /^\d+$/;
const GROUPED = /^\d{1,3}(\.\d{3})+$/;

function integerPart(raw: string): string | null {
  if (DIGITS.test(raw)) return raw;
  if (GROUPED.test(raw)) return raw.replace(/\./g, '');
  return null;
}

export function parseKroner(input: string, options: { allowNegative?: boolean } = {}): ParsedKroner {
  let s = input.replace(/[\s\u00a0\u202f]/g, '').replace(/kr\.?$/i, '');
  if (s === '') return { ok: false, empty: true };
  let negative = false;
  if (s.startsWith('-') || s.startsWith('−')) {
    if (!options.allowNegative) return { ok: false, empty: false };
    negative = true;
    s = s.slice(1);
  }
  let whole: string | null;
  let fraction = '';
  const comma = s.lastIndexOf(',');
  if (comma >= 0) {
    whole = integerPart(s.slice(0, comma) || '0');
    fraction = s.slice(comma + 1);
    if (!/^\d{0,2}$/.test(fraction)) return { ok: false, empty: false };
  } else {
    whole = integerPart(s);
    if (whole === null) {
      // "1234.56": a single dot followed by one or two digits is a decimal point.
      const m = /^(\d+)\.(\d{1,2})$/.exec(s);
      if (m) {
        whole = m[1]!;
        fraction = m[2]!;
      }
    }
  }
  if (whole === null) return { ok: false, empty: false };
  const ore = Number(`${whole}${fraction.padEnd(2, '0')}`);
  if (!Number.isSafeInteger(ore)) return { ok: false, empty: false };
  return { ok: true, ore: negative && ore !== 0 ? -ore : ore };
}

/** 123456 -> "1.234,56" (for an input's value; no "kr."). */
export function kronerInputValue(ore: number | null | undefined): string {
  if (ore === null || ore === undefined || !Number.isSafeInteger(ore)) return '';
  const abs = Math.abs(ore);
  const kroner = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${ore < 0 ? '-' : ''}${kroner},${String(abs % 100).padStart(2, '0')}`;
}
