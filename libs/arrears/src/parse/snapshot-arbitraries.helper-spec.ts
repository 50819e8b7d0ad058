/**
 * fast-check arbitraries for the parse properties: valid snapshot rows together with one of the many ways a
 * ledger may write each cell, and serialisers to CSV (any dialect the spec allows) and JSON.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { ARREARS_COLUMNS, COLUMN_KEYS, REQUIRED_COLUMNS, type ColumnKey } from './columns.js';
import type { ArrearsRow } from './types.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ0123456789';
const PUNCTUATION = ' ;,".-/\'';

/** Trimmed, non-empty text from Danish letters, digits and CSV-hostile punctuation (optionally line breaks). */
function text(maxLength: number, opts: { newline?: boolean; semicolon?: boolean } = {}): fc.Arbitrary<string> {
  let chars = LETTERS + PUNCTUATION + (opts.newline ? '\n' : '');
  if (opts.semicolon === false) chars = chars.replace(';', '');
  return fc
    .array(fc.constantFrom(...chars.split('')), { minLength: 1, maxLength })
    .map((a) => a.join('').trim())
    .filter((s) => s !== '');
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null, freq: 3 });

/** A cell as the file writes it, and the value the parser must produce. */
type Cell<T> = { written: string; json: unknown; value: T };

function group(kr: number, sep: string): string {
  return String(kr).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

const money: fc.Arbitrary<Cell<number>> = fc
  .record({
    ore: fc.oneof(fc.integer({ min: 0, max: 99_999_999_999 }), fc.integer({ min: 0, max: 500_000 }), fc.constant(0)),
    form: fc.constantFrom('en', 'da', 'da-dot', 'da-space', 'int'),
    currency: fc.constantFrom('', ' kr.', ' DKK', 'kr. ', 'DKK ', ' kr'),
    jsonAs: fc.constantFrom('number', 'string'),
  })
  .map(({ ore, form, currency, jsonAs }) => {
    const kr = Math.floor(ore / 100);
    const f = pad(ore % 100, 2);
    let n: string;
    if (form === 'en') n = `${kr}.${f}`;
    else if (form === 'da') n = `${kr},${f}`;
    else if (form === 'da-dot') n = `${group(kr, '.')},${f}`;
    else if (form === 'da-space') n = `${group(kr, ' ')},${f}`;
    else n = ore % 100 === 0 ? group(kr, '.') : `${kr},${f}`;
    const written = currency.startsWith(' ') ? n + currency : currency + n;
    return { written, json: jsonAs === 'number' ? ore / 100 : written, value: ore };
  });

const date: fc.Arbitrary<Cell<string>> = fc
  .record({
    y: fc.integer({ min: 1990, max: 2099 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
    form: fc.constantFrom('iso', '-', '.', '/'),
  })
  .map(({ y, m, d, form }) => {
    const iso = `${y}-${pad(m, 2)}-${pad(d, 2)}`;
    const written = form === 'iso' ? iso : `${pad(d, 2)}${form}${pad(m, 2)}${form}${y}`;
    return { written, json: written, value: iso };
  });

const cpr: fc.Arbitrary<Cell<string>> = fc
  .record({
    d: fc.integer({ min: 1, max: 28 }),
    m: fc.integer({ min: 1, max: 12 }),
    yy: fc.integer({ min: 0, max: 99 }),
    serial: fc.integer({ min: 0, max: 9999 }),
    dash: fc.boolean(),
  })
  .map(({ d, m, yy, serial, dash }) => {
    const digits = `${pad(d, 2)}${pad(m, 2)}${pad(yy, 2)}${pad(serial, 4)}`;
    const written = dash ? `${digits.slice(0, 6)}-${digits.slice(6)}` : digits;
    return { written, json: written, value: digits };
  });

const phone: fc.Arbitrary<Cell<string>> = fc
  .record({ n: fc.integer({ min: 20_000_000, max: 99_999_999 }), form: fc.constantFrom('plain', 'spaced', '+45', '+45 spaced', '0045') })
  .map(({ n, form }) => {
    const s = String(n);
    const spaced = s.replace(/(\d\d)(?=\d)/g, '$1 ');
    const written = { plain: s, spaced, '+45': `+45${s}`, '+45 spaced': `+45 ${spaced}`, '0045': `0045 ${s}` }[form]!;
    return { written, json: written, value: `+45${s}` };
  });

const bool: fc.Arbitrary<Cell<boolean>> = fc
  .record({ word: fc.constantFrom('yes', 'no', 'ja', 'nej', '1', '0', 'true', 'false'), caps: fc.constantFrom('lower', 'upper', 'title') })
  .map(({ word, caps }) => {
    const written = caps === 'upper' ? word.toUpperCase() : caps === 'title' ? word[0]!.toUpperCase() + word.slice(1) : word;
    const value = ['yes', 'ja', '1', 'true'].includes(word);
    return { written, json: written, value };
  });

const names: fc.Arbitrary<Cell<string[]>> = fc
  .record({
    list: fc.array(text(25, { newline: true, semicolon: false }), { minLength: 1, maxLength: 3 }),
    sep: fc.constantFrom(';', '; '),
    asArray: fc.boolean(),
  })
  .map(({ list, sep, asArray }) => ({ written: list.join(sep), json: asArray ? list : list.join(sep), value: list }));

const plain = <T>(arb: fc.Arbitrary<T>, show: (v: T) => string = String): fc.Arbitrary<Cell<T>> =>
  arb.map((value) => ({ written: show(value), json: value, value }));

const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9][a-z0-9.]{0,8}[a-z0-9]$/), fc.stringMatching(/^[a-zæøå]{1,10}$/), fc.constantFrom('dk', 'com', 'net'))
  .filter(([local]) => !local.includes('..'))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

/** One valid row: for each column the cell as written (null: empty) and the value expected. */
export type RowCells = Record<ColumnKey, Cell<unknown> | null>;

export const rowCells: fc.Arbitrary<RowCells> = fc.record({
  tenancy_number: plain(text(20)),
  department_code: plain(text(10)),
  address: maybe(plain(text(60, { newline: true }))),
  unit: maybe(plain(text(10))),
  postal_code: maybe(plain(fc.integer({ min: 0, max: 9999 }).map((n) => pad(n, 4)))),
  tenant_name: maybe(names),
  tenant_cpr: maybe(cpr),
  phone: maybe(phone),
  email: maybe(plain(email)),
  monthly_rent: maybe(money),
  arrears_amount: money,
  oldest_unpaid_due_date: maybe(date),
  demand_sent_date: maybe(date),
  termination_date: maybe(date),
  court_filed_date: maybe(date),
  eviction_date: maybe(date),
  children_in_household: maybe(plain(fc.integer({ min: 0, max: 12 }))),
  payment_agreement: maybe(bool),
}) as fc.Arbitrary<RowCells>;

/** The cells with every column outside `keys` emptied (a file without that column). */
export function onlyColumns(cells: RowCells, keys: ColumnKey[]): RowCells {
  return Object.fromEntries(COLUMN_KEYS.map((k) => [k, keys.includes(k) ? cells[k] : null])) as RowCells;
}

export function expectedRow(cells: RowCells, line: number): ArrearsRow {
  const v = <T>(k: ColumnKey): T | null => (cells[k] === null ? null : (cells[k]!.value as T));
  return {
    line,
    tenancyNumber: v<string>('tenancy_number')!,
    departmentCode: v<string>('department_code')!,
    address: v('address'),
    unit: v('unit'),
    postalCode: v('postal_code'),
    tenantNames: v<string[]>('tenant_name') ?? [],
    tenantCpr: v('tenant_cpr'),
    phone: v('phone'),
    email: v('email'),
    monthlyRentOre: v('monthly_rent'),
    arrearsOre: v<number>('arrears_amount')!,
    oldestUnpaidDueDate: v('oldest_unpaid_due_date'),
    demandSentDate: v('demand_sent_date'),
    terminationDate: v('termination_date'),
    courtFiledDate: v('court_filed_date'),
    evictionDate: v('eviction_date'),
    childrenInHousehold: v('children_in_household'),
    paymentAgreement: v('payment_agreement'),
  };
}

export type CsvDialect = {
  encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252';
  delimiter: ';' | ',';
  eol: '\n' | '\r\n' | '\r';
  /** minimal: only where needed (quotes inside a value stay bare); standard: RFC 4180; all: every cell. */
  quoting: 'minimal' | 'standard' | 'all';
  /** The columns in file order (the required ones always among them), each with the header name used. */
  columns: { key: ColumnKey; name: string }[];
  /** Whether the last line ends with a line break. */
  finalEol: boolean;
};

const headerNames = (key: ColumnKey): string[] => {
  const c = ARREARS_COLUMNS.find((x) => x.key === key)!;
  return [
    c.key,
    ...c.aliases,
    c.jsonName,
    c.key.replace(/_/g, ' '),
    c.key.toUpperCase(),
    (c.aliases[c.aliases.length - 1] ?? c.key).replace(/_/g, '-'),
  ];
};

export const dialect: fc.Arbitrary<CsvDialect> = fc.record({
  encoding: fc.constantFrom('utf-8', 'utf-8-bom', 'windows-1252'),
  delimiter: fc.constantFrom(';', ','),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  quoting: fc.constantFrom('minimal', 'standard', 'all'),
  finalEol: fc.boolean(),
  columns: fc
    .tuple(fc.shuffledSubarray(COLUMN_KEYS.filter((k) => !REQUIRED_COLUMNS.includes(k))), fc.infiniteStream(fc.nat()), fc.nat())
    .map(([optional, picks, at]) => {
      const keys: ColumnKey[] = [...optional];
      for (const r of REQUIRED_COLUMNS) keys.splice(at % (keys.length + 1), 0, r);
      const it = picks[Symbol.iterator]();
      return keys.map((key) => {
        const names = headerNames(key);
        return { key, name: names[it.next().value! % names.length]! };
      });
    }),
}) as fc.Arbitrary<CsvDialect>;

/** What goes between records: nothing, or blank lines of the kinds spreadsheets write. */
export const gap = fc.array(fc.constantFrom('', '   ', ';;', ',,', ' ; '), { maxLength: 2 });

function quoteCell(value: string, d: CsvDialect): string {
  const needs =
    d.quoting === 'all' ||
    value.includes(d.delimiter) ||
    value.includes('\n') ||
    value.includes('\r') ||
    value.startsWith('"') ||
    (d.quoting === 'standard' && value.includes('"'));
  return needs ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV text of a snapshot, the physical line each row starts on, and the number of physical lines. */
export function toCsv(rows: RowCells[], gaps: string[][], d: CsvDialect): { text: string; lines: number[]; total: number } {
  const eolChar = d.eol === '\r' ? '\r' : '\n';
  let out = d.columns.map((c) => quoteCell(c.name, d)).join(d.delimiter) + d.eol;
  const lines: number[] = [];
  const lineAt = () => 1 + out.split(eolChar).length - 1;
  rows.forEach((cells, i) => {
    for (const blank of gaps[i] ?? []) out += blank.replace(/[;,]/g, d.delimiter) + d.eol;
    lines.push(lineAt());
    out += d.columns.map((c) => quoteCell(cells[c.key]?.written ?? '', d)).join(d.delimiter) + d.eol;
  });
  if (!d.finalEol) out = out.slice(0, -d.eol.length);
  return { text: out, lines, total: lineAt() - (d.finalEol ? 1 : 0) };
}

export function encode(text: string, d: CsvDialect): Buffer {
  if (d.encoding === 'windows-1252') return iconv.encode(text, 'windows-1252');
  const body = Buffer.from(text, 'utf8');
  return d.encoding === 'utf-8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

/** The JSON body of a snapshot (JSON forms of each cell; absent or null for empty optional cells). */
export function toJson(rows: RowCells[], opts: { nullForEmpty: boolean; metaFirst: boolean; indent: boolean }): string {
  const jsonRows = rows.map((cells) => {
    const o: Record<string, unknown> = {};
    for (const c of ARREARS_COLUMNS) {
      const cell = cells[c.key];
      if (cell !== null) o[c.jsonName] = cell.json;
      else if (opts.nullForEmpty) o[c.jsonName] = null;
    }
    return o;
  });
  const meta = { source: 'Ledger', asOf: '2026-06-01', departments: ['A1'] };
  const body = opts.metaFirst ? { ...meta, rows: jsonRows } : { rows: jsonRows, ...meta };
  return JSON.stringify(body, null, opts.indent ? 2 : undefined);
}

/** Cut points for a buffer, from arbitrary numbers. */
export const cuts = fc.array(fc.nat(), { maxLength: 12 });
