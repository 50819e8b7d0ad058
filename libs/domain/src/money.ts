/**
 * Money is integer øre (1 kr. = 100 øre) held in a JS number that must stay a safe integer.
 * Integers make sums exact; the safe-integer bound (±90 billion kr.) is far beyond any household amount, so
 * crossing it means corrupt input and we throw rather than round silently.
 */

export type MoneyParseFailure = 'empty' | 'format' | 'ambiguous' | 'too_many_decimals' | 'out_of_range';
export type MoneyParseResult = { ok: true; ore: number } | { ok: false; reason: MoneyParseFailure };

const CURRENCY_PREFIX = /^(?:kr\.?|dkk)(?=[\s\d+-]|$)\s*/i;
const CURRENCY_SUFFIX = /(?:^|(?<=[\d\s,.-]))\s*(?:kr\.?|dkk)$/i;
const DIGITS = /^\d+$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Parses an amount written the way Danish ledgers and people write it, into øre.
 *
 * Accepted: `1234.56`, `1234,56`, `1.234,56`, `1 234,56`, `1.234.567`, `1234`, `-12,50`, `1.234,-`, with an
 * optional `kr.`/`kr`/`DKK` before or after and ordinary or non-breaking spaces. Negative amounts come back
 * negative: whether a credit is acceptable is the caller's rule, not the parser's.
 *
 * The comma is the Danish decimal mark. Without a comma, a dot followed by exactly three digits is a thousands
 * separator (`1.234` = 1.234 kr., as any Dane reads it) and a dot followed by one or two digits is a decimal
 * point (`1234.5`, `1234.56`, as exported by systems that write English numbers). Anything else that could be
 * read two ways (`1,234.56`, `1,2,3`, `12.345.6`) is rejected rather than guessed.
 */
export function parseDanishMoney(input: string): MoneyParseResult {
  if (typeof input !== 'string') return { ok: false, reason: 'format' };
  let s = input
    .replace(/[\u00a0\u202f\u2009]/g, ' ')
    .replace(/\u2212/g, '-')
    .trim();
  if (s === '') return { ok: false, reason: 'empty' };

  let negative = false;
  const takeSign = (): void => {
    if (s.startsWith('-') || s.startsWith('+')) {
      negative = s.startsWith('-');
      s = s.slice(1).trimStart();
    }
  };
  takeSign(); // "-kr. 12,50"
  const hadPrefix = CURRENCY_PREFIX.test(s);
  s = s.replace(CURRENCY_PREFIX, '');
  if (hadPrefix && !negative) takeSign(); // "kr. -12,50"
  if (!hadPrefix) s = s.replace(CURRENCY_SUFFIX, '').trimEnd();
  if (s === '') return { ok: false, reason: hadPrefix ? 'format' : 'empty' };

  // "1.234,-" is the Danish way to write whole kroner.
  s = s.replace(/,[-\u2013]$/, ',00');
  if (!/^[\d., ]+$/.test(s) || !/^\d/.test(s)) return { ok: false, reason: 'format' };

  const split = splitIntegerAndFraction(s);
  if (!split.ok) return split;
  const { integer, fraction } = split;

  const ore = BigInt(integer) * 100n + BigInt(fraction.padEnd(2, '0') || '0');
  if (ore > MAX_SAFE) return { ok: false, reason: 'out_of_range' };
  // `|| 0` turns -0 into 0, so "-0,00" does not leak a negative zero into arithmetic and equality checks.
  return { ok: true, ore: negative ? -Number(ore) || 0 : Number(ore) };
}

type Split = { ok: true; integer: string; fraction: string } | { ok: false; reason: MoneyParseFailure };

function splitIntegerAndFraction(s: string): Split {
  const commas = s.split(',').length - 1;
  if (commas > 1) return { ok: false, reason: 'format' };
  if (commas === 1) {
    const [intPart, frac] = s.split(',') as [string, string];
    if (frac.includes('.')) return { ok: false, reason: 'ambiguous' }; // "1,234.56": English grouping
    if (!DIGITS.test(frac)) return { ok: false, reason: 'format' };
    if (frac.length > 2) return { ok: false, reason: 'too_many_decimals' };
    return withInteger(intPart, frac);
  }
  const dots = s.split('.').length - 1;
  if (dots === 0) return withInteger(s, '');
  if (dots === 1) {
    const [intPart, after] = s.split('.') as [string, string];
    if (!DIGITS.test(after)) return { ok: false, reason: 'format' };
    if (after.length === 3) return withInteger(s, ''); // "1.234": Danish thousands separator
    if (after.length > 3) return { ok: false, reason: 'too_many_decimals' };
    return withInteger(intPart, after);
  }
  return withInteger(s, ''); // "1.234.567": only valid as thousands groups
}

/** Validates the integer part: plain digits, or groups of three after a 1-3 digit lead, one kind of separator. */
function withInteger(intPart: string, fraction: string): Split {
  if (DIGITS.test(intPart)) return { ok: true, integer: intPart, fraction };
  const hasDot = intPart.includes('.');
  const hasSpace = intPart.includes(' ');
  if (hasDot && hasSpace) return { ok: false, reason: 'ambiguous' };
  const groups = intPart.split(hasDot ? '.' : ' ');
  const [lead, ...rest] = groups as [string, ...string[]];
  const leadOk = /^[1-9]\d{0,2}$/.test(lead);
  const restOk = rest.every((g) => /^\d{3}$/.test(g));
  if (!leadOk || !restOk) return { ok: false, reason: 'format' };
  return { ok: true, integer: groups.join(''), fraction };
}

function assertOre(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer number of øre, got ${value}`);
}

/** `1.234,56 kr.` (negative: `-1.234,56 kr.`), the form the UI and letters use. */
export function formatDanishMoney(ore: number): string {
  assertOre(ore, 'ore');
  const abs = Math.abs(ore);
  const kroner = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const rest = String(abs % 100).padStart(2, '0');
  return `${ore < 0 ? '-' : ''}${kroner},${rest} kr.`;
}

/** a + b, throwing if either operand or the result is not a safe integer (a sum past that is corrupt data). */
export function addOre(a: number, b: number): number {
  assertOre(a, 'a');
  assertOre(b, 'b');
  const sum = a + b;
  assertOre(sum, 'sum');
  return sum;
}

/** Sum of a list in øre; exact (summed as BigInt) and throws unless the total is a safe integer. */
export function sumOre(list: readonly number[]): number {
  let total = 0n;
  list.forEach((v, i) => {
    assertOre(v, `list[${i}]`);
    total += BigInt(v);
  });
  if (total > MAX_SAFE || total < -MAX_SAFE) throw new RangeError(`sum out of safe integer range: ${total}`);
  return Number(total);
}

/**
 * Kroner as a JS number (e.g. a JSON amount `1234.5`) to øre. Deliberately not the Danish parser: `String(1.234)`
 * is "1.234", which the Danish reading would take as 1.234 kr. Rejects more than two decimals.
 */
export function kronerToOre(kroner: number): number {
  if (!Number.isFinite(kroner)) throw new RangeError(`amount must be a finite number, got ${kroner}`);
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(kroner));
  if (!m) throw new RangeError(`amount must have at most two decimals, got ${kroner}`);
  const ore = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  if (ore > MAX_SAFE) throw new RangeError(`amount out of range: ${kroner}`);
  return m[1] === '-' ? -Number(ore) || 0 : Number(ore);
}
