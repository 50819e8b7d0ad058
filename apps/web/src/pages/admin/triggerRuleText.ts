import type { TFunction } from 'i18next';
import type { TriggerRuleValues } from '../../api/arrears';
import { formatMoney } from '../../lib/format';

const monthsFormat = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 2, useGrouping: false });

/** 1.5 -> "1,5" (Danish decimal comma; also the form's input value). */
export function monthsInputValue(months: number | null): string {
  return months === null ? '' : monthsFormat.format(months);
}

export function monthsText(t: TFunction, months: number | null): string {
  if (months === null) return t('triggerRules.value.off');
  return t('triggerRules.value.months', { count: months, value: monthsInputValue(months) });
}

export function amountText(t: TFunction, ore: number | null): string {
  return ore === null ? t('triggerRules.value.off') : formatMoney(ore);
}

export function demandText(t: TFunction, onDemand: boolean): string {
  return onDemand ? t('triggerRules.value.yes') : t('triggerRules.value.no');
}

export function closeText(t: TFunction, days: number | null): string {
  if (days === null) return t('triggerRules.value.never');
  if (days === 0) return t('triggerRules.value.closeNow');
  return t('triggerRules.value.closeDays', { count: days });
}

/** "Åbn sag ved restance på mindst 1 måneds husleje eller … eller påkrav. Luk som betalt efter 30 dage uden restance." */
export function ruleSummary(t: TFunction, rule: TriggerRuleValues): string {
  const criteria: string[] = [];
  if (rule.openMinMonths !== null) criteria.push(t('triggerRules.summary.criterionMonths', { value: monthsText(t, rule.openMinMonths) }));
  if (rule.openMinOre !== null) criteria.push(t('triggerRules.summary.criterionAmount', { value: formatMoney(rule.openMinOre) }));
  if (rule.openOnDemand) criteria.push(t('triggerRules.summary.criterionDemand'));
  const open = criteria.length
    ? t('triggerRules.summary.open', { criteria: criteria.join(t('triggerRules.summary.or')) })
    : t('triggerRules.summary.openNone');
  const days = rule.closeAfterDaysAtZero;
  const close =
    days === null
      ? t('triggerRules.summary.closeNever')
      : days === 0
        ? t('triggerRules.summary.closeNow')
        : t('triggerRules.summary.close', { count: days });
  // "… 3.000,00 kr..": the amount's own full stop ends the sentence.
  return `${open.replace(/\.\.$/, '.')} ${close}`;
}
