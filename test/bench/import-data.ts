import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * The arrears snapshots of `npm run bench:import`, written to disk as a ledger system exports them: `;`-separated,
 * UTF-8 with BOM, CRLF, Danish header names, money as `1.234,56`, dates as `DD-MM-YYYY`, names with æøå, about
 * 70 % of rows with a CPR (`DDMMYY-SSSS`, a real birth date), 15 % with two tenants in one quoted cell
 * (`"A; B"`), and påkrav/ophævelse/fogedret dates on a realistic share of rows.
 *
 * Two snapshots of the same tenancies: the previous day's and today's. Deterministic (every value is a hash of
 * the tenancy's index), so both files and every run agree. Of today's rows about 3 % are tenancies that were not
 * in arrears yesterday; about 3 % of yesterday's are absent today (they paid); of the rest 80 % are unchanged and
 * 20 % have new arrears and sometimes a new step (påkrav, ophævelse, fogedret). Rows come sorted by department
 * and tenancy number, as exports are.
 */

export const HEADER = [
  'Lejemålsnr', 'Afdeling', 'Adresse', 'Lejlighed', 'Postnr', 'Lejer', 'CPR', 'Telefon', 'Husleje', 'Restance',
  'Ældste_forfald', 'Påkrav_dato', 'Ophævelse_dato', 'Fogedret_dato', 'Børn', 'Afdragsordning',
];

export const DEPARTMENT_COUNT = 40;
/** Department codes as ledgers number them (4 digits); the bench creates these departments. */
export const DEPARTMENT_CODES = Array.from({ length: DEPARTMENT_COUNT }, (_, d) => String(1001 + d * 7).padStart(4, '0'));
const POSTAL = ['2300', '2400', '2450', '2500', '2620', '2650', '2720', '2770', '2800', '2860', '3400', '4000', '5000',
  '5220', '6000', '6700', '7100', '7400', '8000', '8200', '8210', '8220', '8700', '9000', '9200', '9220'];

const FIRST = [
  'Anne', 'Mette', 'Kirsten', 'Hanne', 'Helle', 'Susanne', 'Lene', 'Maria', 'Marianne', 'Camilla', 'Louise', 'Sara', 'Emma',
  'Ida', 'Fatima', 'Amina', 'Aisha', 'Peter', 'Jens', 'Lars', 'Michael', 'Henrik', 'Thomas', 'Søren', 'Jørgen', 'Niels',
  'Christian', 'Bjørn', 'Jesper', 'Mads', 'Rasmus', 'Ahmed', 'Mohammed', 'Ali', 'Omar', 'Hassan', 'Jonas', 'Mikkel',
  'Frederik', 'Emil', 'Åse', 'Oliver', 'Lærke', 'Sofie', 'Freja', 'Clara', 'Bodil', 'Julie', 'Nanna', 'Zainab', 'Anne-Mette',
];
const LAST = [
  'Nielsen', 'Jensen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen',
  'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Christiansen', 'Poulsen', 'Johansen', 'Møller', 'Mortensen',
  'Kjær', 'Jakobsen', 'Lund', 'Holm', 'Østergaard', 'Frederiksen', 'Laursen', 'Bøgh', 'Ali', 'Hussein', 'Yilmaz',
  'Khan', 'Mohamed', 'Ærbø', 'Abdi', 'Özdemir', 'Kaya', 'Nguyen', 'Bach', 'Dahl', 'Skovgård', 'Brøndum',
];
const STREETS = [
  'Solbakken', 'Egeparken', 'Lindehøj', 'Rosenvænget', 'Bøgevej', 'Kastanjealle', 'Tjørnegården', 'Ahornvej', 'Birkehaven',
  'Engvej', 'Skovbrynet', 'Søndergade', 'Nørrebrogade', 'Vestergade', 'Østerbo', 'Mosegården', 'Kildevej', 'Hybenhaven',
  'Ærøvej', 'Åbyvej', 'Fælledvej', 'Håbets Allé', 'Rådhusvej', 'Lærkevej', 'Mågevej', 'Nældebakken', 'Rugvænget',
  'Grønnegade', 'Tranehaven', 'Kløvermarken',
];
const UNITS = ['st. tv', 'st. th', '1. tv', '1. th', '1. mf', '2. tv', '2. th', '2. mf', '3. tv', '3. th', '4. tv', '4. th', 'kl.'];

/** Share of today's rows new since yesterday, and of yesterday's rows gone today. */
const NEW_SHARE = 0.03;
const GONE_SHARE = 0.03;
/** Share of rows in both snapshots whose arrears or dates changed. */
const CHANGED_SHARE = 0.2;

/** A deterministic hash of (index, salt) to [0, 1). */
function rnd(k: number, salt: number): number {
  let h = Math.imul(k ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 0x27d4eb2f, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[], r: number): T => xs[Math.floor(r * xs.length)]!;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Membership of tenancy k: in today's snapshot only, yesterday's only, or both. */
function membership(k: number): 'new' | 'gone' | 'both' {
  const u = rnd(k, 1);
  return u < NEW_SHARE ? 'new' : u < NEW_SHARE + GONE_SHARE ? 'gone' : 'both';
}

// Dates as days since 1970-01-01 (UTC), formatted DD-MM-YYYY.
const DAY_MS = 86_400_000;
const epochDay = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
function danishDate(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${pad(d.getUTCDate(), 2)}-${pad(d.getUTCMonth() + 1, 2)}-${d.getUTCFullYear()}`;
}
/** The first of the month `months` months before the month of `day`. */
function firstOfMonthBefore(day: number, months: number): number {
  const d = new Date(day * DAY_MS);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1) / DAY_MS);
}

/** Øre as a Danish amount: 123456 → `1.234,56`. */
export function danishMoney(ore: number): string {
  const kr = Math.floor(ore / 100);
  return `${String(kr).replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${pad(ore % 100, 2)}`;
}

// CPR numbers: a bijection of the tenancy index onto (birth day 1940-1999, serial 0000-3999), so every tenant's
// CPR is unique and its date part a real date (serials starting 0-3 put a two-digit year in the 1900s).
const CPR_DAYS = 21_900;
const CPR_SPACE = CPR_DAYS * 4000;
const CPR_FIRST_DAY = epochDay('1940-01-01');
function cprOf(k: number): string {
  const p = (k * 1_000_003 + 12_345) % CPR_SPACE;
  const d = new Date((CPR_FIRST_DAY + (p % CPR_DAYS)) * DAY_MS);
  return `${pad(d.getUTCDate(), 2)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCFullYear() % 100, 2)}-${pad(Math.floor(p / CPR_DAYS), 4)}`;
}

interface LedgerState {
  arrearsOre: number;
  oldestDue: number;
  demand: number | null;
  termination: number | null;
  court: number | null;
}

/** The ledger's view of tenancy k as of `asOfDay`, with `salt` choosing the draw (yesterday's or a change). */
function ledgerState(k: number, rentOre: number, asOfDay: number, salt: number): LedgerState {
  // Arrears in months of rent: most rows are small, a long tail is large.
  const p = rnd(k, salt);
  const r = rnd(k, salt + 1);
  const months = p < 0.55 ? 0.02 + 0.28 * r : p < 0.75 ? 0.3 + 0.5 * r : p < 0.92 ? 0.8 + 1.2 * r : 2 + 4 * r;
  const arrearsOre = rnd(k, salt + 2) < 0.01 ? 0 : Math.max(100, Math.round(rentOre * months));
  const oldestDue = firstOfMonthBefore(asOfDay, Math.max(0, Math.ceil(months) - 1));
  const pd = rnd(k, salt + 3);
  const hasDemand = months >= 0.8 ? pd < 0.7 : months >= 0.3 ? pd < 0.25 : pd < 0.03;
  const demand = hasDemand ? Math.min(asOfDay, oldestDue + 10 + Math.floor(rnd(k, salt + 4) * 10)) : null;
  const pt = rnd(k, salt + 5);
  const termination =
    demand !== null && (months >= 1.5 ? pt < 0.35 : pt < 0.05) && demand + 14 <= asOfDay
      ? Math.min(asOfDay, demand + 14 + Math.floor(rnd(k, salt + 6) * 16))
      : null;
  const court =
    termination !== null && rnd(k, salt + 7) < 0.35 && termination + 7 <= asOfDay
      ? Math.min(asOfDay, termination + 7 + Math.floor(rnd(k, salt + 8) * 23))
      : null;
  return { arrearsOre, oldestDue, demand, termination, court };
}

/** Today's state of a tenancy that was in yesterday's snapshot: mostly the same; sometimes new arrears, a next step. */
function nextState(k: number, prev: LedgerState, rentOre: number, asOfDay: number): LedgerState {
  if (rnd(k, 20) >= CHANGED_SHARE) return prev;
  const s = { ...prev };
  const f = rnd(k, 21);
  // Partly paid, grown by a month's rent, or another amount entirely.
  s.arrearsOre = f < 0.4 ? Math.max(100, Math.round(prev.arrearsOre * (0.2 + 0.6 * rnd(k, 22)))) : f < 0.75 ? prev.arrearsOre + rentOre : Math.max(100, Math.round(rentOre * 3 * rnd(k, 23)));
  if (s.arrearsOre > prev.arrearsOre) s.oldestDue = Math.min(prev.oldestDue, firstOfMonthBefore(asOfDay, 1));
  if (rnd(k, 24) < 0.3) {
    if (s.demand === null) s.demand = asOfDay;
    else if (s.termination === null) s.termination = asOfDay;
    else if (s.court === null) s.court = asOfDay;
  }
  return s;
}

export interface SnapshotStats {
  rows: number;
  bytes: number;
  withCpr: number;
  twoTenants: number;
  demand: number;
  termination: number;
  court: number;
  /** Today's file only: rows not in yesterday's, and yesterday's rows that are gone. */
  fresh: number;
  gone: number;
  changed: number;
}

/** The highest tenancy index + 1 that gives today's snapshot exactly `rows` rows. */
function universeFor(rows: number): number {
  let n = 0;
  let k = 0;
  while (n < rows) if (membership(k++) !== 'gone') n++;
  return k;
}

/**
 * Writes one snapshot: `which` = 'previous' (as of `previousAsOf`) or 'current' (as of `currentAsOf`) of the
 * same `rows`-row universe. Streams to the file in ~1 MiB writes.
 */
export async function writeSnapshotCsv(
  file: string,
  opts: { rows: number; which: 'previous' | 'current'; previousAsOf: string; currentAsOf: string },
): Promise<SnapshotStats> {
  const universe = universeFor(opts.rows);
  const prevDay = epochDay(opts.previousAsOf);
  const curDay = epochDay(opts.currentAsOf);
  const perDept = Math.ceil(universe / DEPARTMENT_COUNT);
  const stats: SnapshotStats = { rows: 0, bytes: 0, withCpr: 0, twoTenants: 0, demand: 0, termination: 0, court: 0, fresh: 0, gone: 0, changed: 0 };
  const ws = createWriteStream(file);
  let buf = `\uFEFF${HEADER.join(';')}\r\n`;
  const flush = async () => {
    stats.bytes += Buffer.byteLength(buf);
    if (!ws.write(buf)) await once(ws, 'drain');
    buf = '';
  };
  for (let k = 0; k < universe; k++) {
    const m = membership(k);
    const dept = Math.floor(k / perDept);
    const rentOre = (4200 + Math.floor(rnd(k, 2) * 7300)) * 100 + (rnd(k, 3) < 0.5 ? 0 : 50 * Math.floor(rnd(k, 4) * 2));
    let state: LedgerState;
    if (opts.which === 'previous') {
      if (m === 'new') continue;
      state = ledgerState(k, rentOre, prevDay, 10);
    } else {
      if (m === 'gone') {
        stats.gone++;
        continue;
      }
      if (m === 'new') {
        stats.fresh++;
        state = ledgerState(k, rentOre, curDay, 30);
      } else {
        const prev = ledgerState(k, rentOre, prevDay, 10);
        state = nextState(k, prev, rentOre, curDay);
        if (state !== prev) stats.changed++;
      }
    }
    const code = DEPARTMENT_CODES[dept]!;
    const name = `${pick(FIRST, rnd(k, 5))} ${pick(LAST, rnd(k, 6))}`;
    const two = rnd(k, 7) < 0.15;
    const tenants = two ? `"${name}; ${pick(FIRST, rnd(k, 8))} ${pick(LAST, rnd(k, 9))}"` : name;
    const cpr = rnd(k, 11) < 0.7 ? cprOf(k) : '';
    const ph = rnd(k, 12);
    const number = 20_000_000 + Math.floor(rnd(k, 13) * 79_999_999);
    const digits = String(number);
    const phone =
      ph < 0.25
        ? `+45 ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)} ${digits.slice(6)}`
        : ph < 0.45
          ? digits
          : ph < 0.6
            ? `${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)} ${digits.slice(6)}`
            : '';
    const rc = rnd(k, 14);
    const children = rc < 0.1 ? '' : String(rc < 0.55 ? 0 : rc < 0.75 ? 1 : rc < 0.9 ? 2 : rc < 0.97 ? 3 : 4);
    stats.rows++;
    if (cpr) stats.withCpr++;
    if (two) stats.twoTenants++;
    if (state.demand !== null) stats.demand++;
    if (state.termination !== null) stats.termination++;
    if (state.court !== null) stats.court++;
    buf +=
      `${code}-${pad(k, 7)};${code};${pick(STREETS, rnd(k, 15))} ${1 + Math.floor(rnd(k, 16) * 140)};` +
      `${rnd(k, 17) < 0.1 ? '' : pick(UNITS, rnd(k, 18))};${POSTAL[dept % POSTAL.length]};${tenants};${cpr};${phone};` +
      `${danishMoney(rentOre)};${danishMoney(state.arrearsOre)};${danishDate(state.oldestDue)};` +
      `${state.demand === null ? '' : danishDate(state.demand)};${state.termination === null ? '' : danishDate(state.termination)};` +
      `${state.court === null ? '' : danishDate(state.court)};${children};${rnd(k, 19) < 0.12 ? 'ja' : 'nej'}\r\n`;
    if (buf.length >= 1 << 20) await flush();
  }
  await flush();
  ws.end();
  await once(ws, 'close');
  return stats;
}
