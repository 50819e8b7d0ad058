import type { TFunction } from 'i18next';
import { isApiError } from '../api/client';
import da from '../i18n/da.json';
import referralsDa from '../i18n/referrals.da.json';

type ReasonKey = keyof typeof da.errors.reason;
const KNOWN_REASONS = new Set(Object.keys(da.errors.reason));
type ModuleReasonKey = keyof typeof referralsDa.apiReasons;
const MODULE_REASONS = new Set(Object.keys(referralsDa.apiReasons));

/** Danish/English text for a 422 reason code such as 'too_short'. */
export function reasonText(t: TFunction, reason: string): string {
  if (reason !== 'fallback' && KNOWN_REASONS.has(reason)) {
    return t(`errors.reason.${reason as ReasonKey}`, { reason });
  }
  if (MODULE_REASONS.has(reason)) return t(`apiReasons.${reason as ModuleReasonKey}`);
  return t('errors.reason.fallback', { reason });
}

/** A one-line explanation of any error, for an Alert. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 0) return t('errors.network');
    if (error.status === 403) return t('errors.forbiddenApi');
    return t('errors.generic', { message: error.message });
  }
  if (error instanceof Error) return t('errors.generic', { message: error.message });
  return t('errors.generic', { message: String(error) });
}

/** The form field an API error refers to: "departmentIds[0]" / "departmentIds.0" -> "departmentIds". */
function baseField(field: string): string {
  return field.split(/[.[]/)[0] ?? field;
}

export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  /** Text for an Alert above the form; null when every problem is shown at a field. */
  summary: string | null;
}

/**
 * Turn an API error into per-field messages for a form with the given field names.
 * 422 `errors[]` go to their fields (first reason per field); 409 `email_taken` goes to `email`.
 */
export function formErrorsFrom<F extends string>(
  t: TFunction,
  error: unknown,
  fieldNames: readonly F[],
): FormErrors<F> {
  const fields: Partial<Record<F, string>> = {};
  if (!error) return { fields, summary: null };
  if (!isApiError(error)) return { fields, summary: errorMessage(t, error) };

  if (error.status === 409 && error.code === 'email_taken' && fieldNames.includes('email' as F)) {
    fields['email' as F] = t('errors.emailTaken');
    return { fields, summary: null };
  }

  if (error.status === 422 || error.status === 400) {
    const unmatched: string[] = [];
    for (const { field, reason } of error.fieldErrors) {
      const name = baseField(field) as F;
      if (fieldNames.includes(name)) {
        fields[name] ??= reasonText(t, reason);
      } else {
        unmatched.push(`${field}: ${reasonText(t, reason)}`);
      }
    }
    const anyField = Object.keys(fields).length > 0;
    if (!anyField && unmatched.length === 0) {
      return { fields, summary: t('errors.generic', { message: error.message }) };
    }
    const summary = [t('errors.validationSummary'), ...unmatched].join(' ');
    return { fields, summary };
  }

  return { fields, summary: errorMessage(t, error) };
}
