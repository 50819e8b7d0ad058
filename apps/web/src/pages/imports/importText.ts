import type { TFunction } from 'i18next';
import type { ImportView } from '../../api/arrears';
import da from '../../i18n/da.json';

type RowReason = keyof typeof da.imports.reason;
type ColumnName = keyof typeof da.imports.column;
type FailureKey = keyof typeof da.imports.failure;

const ROW_REASONS = new Set(Object.keys(da.imports.reason));
const COLUMN_NAMES = new Set(Object.keys(da.imports.column));
const FAILURES = new Set(Object.keys(da.imports.failure));

/** A rejected row's reason code ('negative_amount', 'unknown_department', …) in plain words. */
export function rowReasonText(t: TFunction, reason: string): string {
  if (reason !== 'fallback' && ROW_REASONS.has(reason)) return t(`imports.reason.${reason as RowReason}`);
  return t('imports.reason.fallback', { reason });
}

/** A canonical column key ('arrears_amount') as the Danish header name ('Restance'). */
export function columnText(t: TFunction, column: string | null): string {
  if (!column) return t('imports.errors.wholeRow');
  return COLUMN_NAMES.has(column) ? t(`imports.column.${column as ColumnName}`) : column;
}

/** The error's detail, with the duplicate-tenancy list ("lines 8, 9") in the UI's language. */
export function errorDetailText(t: TFunction, detail: string | null): string {
  if (!detail) return '';
  const lines = /^lines (\d+(?:, \d+)*)$/.exec(detail);
  return lines ? t('imports.errors.lines', { lines: lines[1] }) : detail;
}

/**
 * A failed import's `failureReason` (`reason` or `reason: detail`, or `processing failed: …`) in plain words,
 * with the technical detail kept apart for those who need it.
 */
export function failureText(t: TFunction, failureReason: string | null): { text: string; technical: string | null } {
  if (!failureReason) return { text: t('imports.statusText.failed'), technical: null };
  if (failureReason.startsWith('processing failed')) {
    const detail = failureReason.replace(/^processing failed:?\s*/, '');
    return { text: t('imports.failure.processing'), technical: detail || null };
  }
  const colon = failureReason.indexOf(':');
  const reason = colon >= 0 ? failureReason.slice(0, colon).trim() : failureReason.trim();
  const detail = colon >= 0 ? failureReason.slice(colon + 1).trim() : '';
  if (reason === 'fallback' || reason === 'title' || reason === 'technical' || !FAILURES.has(reason)) {
    return { text: t('imports.failure.fallback', { reason: failureReason }), technical: null };
  }
  if (reason === 'missing_columns' || reason === 'duplicate_column') {
    const names = detail
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean)
      .map((c) => (COLUMN_NAMES.has(c) ? `${t(`imports.column.${c as ColumnName}`)} (${c})` : c))
      .join(', ');
    return { text: t(`imports.failure.${reason}`, { detail: names }), technical: null };
  }
  const text = t(`imports.failure.${reason as FailureKey}`, { detail });
  // Reasons whose sentence has no place for the detail show it as a technical note.
  const usesDetail = reason === 'duplicate_key' || reason === 'invalid_meta';
  return { text, technical: detail && !usesDetail ? detail : null };
}

/** Who uploaded: a person's name, "API-nøgle: …" for a machine client. */
export function uploadedByText(t: TFunction, by: ImportView['uploadedBy']): string {
  const label = by.label ?? '';
  if (by.type === 'api_client') return t('imports.uploadedBy.api_client', { label });
  if (by.type === 'system') return t('imports.uploadedBy.system');
  return label || t('common.none');
}

const numberFormat = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 1 });

/** 1536 -> "1,5 kB"; Danish decimal comma. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${numberFormat.format(bytes / 1000)} kB`;
  if (bytes < 1_000_000_000) return `${numberFormat.format(bytes / 1_000_000)} MB`;
  return `${numberFormat.format(bytes / 1_000_000_000)} GB`;
}

const countFormat = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 0 });

/** 12345 -> "12.345" (Danish grouping; normalised like formatMoney). */
export function formatCount(n: number): string {
  return countFormat.format(n).replace(/[^\d-]/g, '.');
}
