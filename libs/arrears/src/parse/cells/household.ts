/** The household cells of an arrears row: children in the household (a count) and payment agreement (yes/no). */
import { cell, fail } from './cell.js';

const MAX_CHILDREN = 99;
const COUNT = /^\d{1,3}$/;
const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['yes', true],
  ['ja', true],
  ['true', true],
  ['1', true],
  ['y', true],
  ['j', true],
  ['no', false],
  ['nej', false],
  ['false', false],
  ['0', false],
  ['n', false],
]);

export function count(v: unknown): number | null {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 0 && v <= MAX_CHILDREN) return v;
    return fail('children_in_household', 'invalid_integer', String(v));
  }
  const s = cell(v, 'children_in_household', false);
  if (s === null) return null;
  const n = COUNT.test(s) ? Number(s) : -1;
  return n >= 0 && n <= MAX_CHILDREN ? n : fail('children_in_household', 'invalid_integer', s);
}

export function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (v === 1 || v === 0) return v === 1;
    return fail('payment_agreement', 'invalid_boolean', String(v));
  }
  const s = cell(v, 'payment_agreement', false);
  if (s === null) return null;
  const b = BOOLEANS.get(s.length <= 5 ? s.toLowerCase() : '');
  return b === undefined ? fail('payment_agreement', 'invalid_boolean', s) : b;
}
