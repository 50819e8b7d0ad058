import type { TFunction } from 'i18next';
import type { AppNotification } from '../api/notifications';
import { formatDate } from './format';
import { isIsoWeek } from './weeks';

/** A date of the notification's data ("2026-11-16") as dd-mm-yyyy; null when it is not a date. */
function dateOf(value: unknown): string | null {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? formatDate(value.slice(0, 10)) : null;
}

const countOf = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null);

/**
 * A notification's title in the UI language, made from its kind and data. The server's `title` is the Danish text
 * of the e-mail (libs/notifications/src/notification-text.ts, which the Danish here follows); it is shown as it is
 * for a kind this UI does not know, or data it cannot read.
 */
export function notificationTitle(t: TFunction, n: Pick<AppNotification, 'kind' | 'title' | 'caseNumber' | 'data'>): string {
  const d = n.data;
  const onCase = n.caseNumber ? t('notifications.text.case', { caseNumber: n.caseNumber }) : t('notifications.text.someCase');
  switch (n.kind) {
    case 'task_due': {
      const date = dateOf(d.dueDate);
      return date ? t('notifications.text.task_due', { date, case: onCase }) : n.title;
    }
    case 'demand_deadline': {
      const date = dateOf(d.deadline);
      return date ? t('notifications.text.demand_deadline', { date, case: onCase }) : n.title;
    }
    case 'eviction_approaching': {
      const date = dateOf(d.evictionDate);
      const count = countOf(d.daysBefore);
      return date && count !== null ? t('notifications.text.eviction_approaching', { date, count, case: onCase }) : n.title;
    }
    case 'instalment_missed': {
      const date = dateOf(d.dueDate);
      const seq = countOf(d.seq);
      if (!date) return n.title;
      return seq === null
        ? t('notifications.text.instalment_missed_unnumbered', { date, case: onCase })
        : t('notifications.text.instalment_missed', { seq, date, case: onCase });
    }
    case 'no_contact':
      return t('notifications.text.no_contact', { case: onCase });
    case 'referral_unanswered': {
      const date = dateOf(d.answerBy);
      const partner = typeof d.partnerName === 'string' && d.partnerName ? d.partnerName : t('notifications.text.somePartner');
      return date ? t('notifications.text.referral_unanswered', { partner, date, case: onCase }) : n.title;
    }
    case 'weekly_escalation':
    case 'weekly_escalation_lead': {
      const week = typeof d.isoWeek === 'string' && isIsoWeek(d.isoWeek) ? Number(d.isoWeek.slice(6)) : null;
      const count = countOf(d.caseCount);
      if (week === null || count === null) return n.title;
      return n.kind === 'weekly_escalation'
        ? t('notifications.text.weekly_escalation', { week, count })
        : t('notifications.text.weekly_escalation_lead', { week, count });
    }
    default:
      return n.title;
  }
}
