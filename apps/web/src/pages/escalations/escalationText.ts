import type { TFunction } from 'i18next';
import type { EscalationReason, EscalationSettings } from '../../api/escalations';
import { formatDate } from '../../lib/format';
import { weekParts } from '../../lib/weeks';

/** "Udsættelse inden for 21 dage", with the day counts of the criteria in force. */
export function reasonText(t: TFunction, reason: EscalationReason, settings: EscalationSettings): string {
  switch (reason) {
    case 'eviction_soon':
      return t('escalations.reason.eviction_soon', { count: settings.evictionWithinDays });
    case 'no_contact':
      return t('escalations.reason.no_contact', { count: settings.noContactDays });
    default:
      return t(`escalations.reason.${reason}`);
  }
}

/** Whether the criterion behind `reason` is switched on (the day-count criteria always are). */
export function isReasonActive(reason: EscalationReason, settings: EscalationSettings): boolean {
  switch (reason) {
    case 'eviction_soon':
    case 'no_contact':
      return true;
    case 'missed_instalment':
      return settings.missedInstalment;
    case 'overdue_tasks':
      return settings.overdueTasks;
    case 'risk_raised':
      return settings.riskRaised;
    case 'referral_unanswered':
      return settings.referralUnanswered;
    default: {
      // A reason added to ESCALATION_REASONS must be given its setting here.
      const unhandled: never = reason;
      return Boolean(unhandled);
    }
  }
}

/** Badge colours per reason (dark text on the light ones: `autoContrast`). */
export const REASON_COLOR: Record<EscalationReason, string> = {
  eviction_soon: 'red.9',
  no_contact: 'orange.4',
  missed_instalment: 'yellow.3',
  overdue_tasks: 'gray.2',
  risk_raised: 'grape.8',
  referral_unanswered: 'blue.2',
};

/** "Uge 53, 2026" (the raw value when it is not an ISO week). */
export function weekLabel(t: TFunction, week: string): string {
  const parts = weekParts(week);
  return parts ? t('escalations.week', { number: parts.number, year: parts.year }) : week;
}

/** "28-12-2026 – 03-01-2027": the week's Monday to Sunday. */
export function weekRange(t: TFunction, week: string): string {
  const parts = weekParts(week);
  return parts ? t('escalations.weekRange', { from: formatDate(parts.monday), to: formatDate(parts.sunday) }) : '';
}
