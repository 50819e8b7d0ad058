import type { TFunction } from 'i18next';
import type { RoutingRule } from '@forebyg/domain/routing';
import { isApiError } from '../../api/client';
import { reasonText } from '../../lib/errors';

/** Field errors of PUT /referrals/routing-rules by path within the rules document: `rules.2.weight`, `preferences.capacityBonus`, `auto.maxProposals`. */
export type RuleErrors = Record<string, string>;

const ROOTS = ['rules', 'preferences', 'auto'];

/**
 * A path as the API reports it, relative to the rules document. The body is `{ version, rules: <document> }`,
 * so `rules.rules.2.weight` and `rules.preferences.x` lose the outer `rules.`; `rules.2.weight` already is relative.
 */
export function normalisePath(field: string): string {
  const path = field.replace(/\[(\d+)\]/g, '.$1');
  const rest = path.startsWith('rules.') ? path.slice('rules.'.length) : null;
  if (rest !== null && ROOTS.some((root) => rest === root || rest.startsWith(`${root}.`))) return rest;
  return path;
}

export function ruleReasonText(t: TFunction, reason: string): string {
  const known = ['too_small', 'too_big', 'duplicate', 'unknown_value', 'invalid_type', 'required'];
  if (known.includes(reason)) return t(`routing.reason.${reason as 'too_small'}`);
  return reasonText(t, reason);
}

/** The 422's errors by path, and the ones no field on the page shows (for the summary). */
export function ruleErrorsFrom(t: TFunction, error: unknown): { fields: RuleErrors; unmatched: string[] } {
  const fields: RuleErrors = {};
  const unmatched: string[] = [];
  if (!isApiError(error) || (error.status !== 422 && error.status !== 400)) return { fields, unmatched };
  for (const e of error.fieldErrors) {
    const path = normalisePath(e.field);
    const text = ruleReasonText(t, e.reason);
    if (/^rules\.\d+\.[A-Za-z]+/.test(path) || /^preferences\.[A-Za-z]+$/.test(path) || /^auto\.[A-Za-z]+$/.test(path)) {
      const key = path
        .split('.')
        .slice(0, path.startsWith('rules.') ? 3 : 2)
        .join('.');
      fields[key] ??= text;
    } else {
      unmatched.push(`${e.field}: ${text}`);
    }
  }
  return { fields, unmatched };
}

/** Where on the page an error is, in words: "Regel 2 (Egen gældsrådgivning), Vægt", or a preference's or setting's label. */
export function rulePathText(t: TFunction, path: string, rules: RoutingRule[]): string {
  const rule = /^rules\.(\d+)\.([A-Za-z]+)$/.exec(path);
  if (rule) {
    const n = Number(rule[1]);
    const field = t(`routing.rule.${rule[2] as 'weight'}`, { defaultValue: rule[2] });
    return t('routing.dryRun.errorInRule', { n: n + 1, label: rules[n]?.label ?? '', field });
  }
  const setting = /^(preferences|auto)\.([A-Za-z]+)$/.exec(path);
  if (setting) return t(`routing.${setting[1] as 'auto'}.${setting[2] as 'mode'}`, { defaultValue: setting[2] });
  return path;
}

/** The errors of rule `index`, by field name. */
export function errorsOfRule(errors: RuleErrors, index: number): Partial<Record<keyof RoutingRule, string>> {
  const out: Partial<Record<keyof RoutingRule, string>> = {};
  const prefix = `rules.${index}.`;
  for (const [path, text] of Object.entries(errors)) {
    if (path.startsWith(prefix)) out[path.slice(prefix.length) as keyof RoutingRule] = text;
  }
  return out;
}

/** After removing rule `index`, the errors of the rules after it move up one place. */
export function shiftErrorsAfterRemove(errors: RuleErrors, index: number): RuleErrors {
  const out: RuleErrors = {};
  for (const [path, text] of Object.entries(errors)) {
    const m = /^rules\.(\d+)\.(.+)$/.exec(path);
    if (!m) out[path] = text;
    else if (Number(m[1]) < index) out[path] = text;
    else if (Number(m[1]) > index) out[`rules.${Number(m[1]) - 1}.${m[2]}`] = text;
  }
  return out;
}

/** A new rule's id: from its label, unique among the rules. */
export function ruleIdFrom(label: string, taken: string[]): string {
  const base =
    label
      .toLowerCase()
      .replace(/æ/g, 'ae')
      .replace(/ø/g, 'oe')
      .replace(/å/g, 'aa')
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'regel';
  let id = base;
  for (let n = 2; taken.includes(id); n += 1) id = `${base}-${n}`;
  return id;
}
