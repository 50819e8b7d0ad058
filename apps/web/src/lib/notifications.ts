import { isEscalationKind, type AppNotification } from '../api/notifications';
import { isIsoWeek } from './weeks';

/** Where a notification leads: its case, or for the weekly escalation the week's list; null when nowhere. */
export function notificationHref(n: Pick<AppNotification, 'kind' | 'caseId' | 'data'>): string | null {
  if (isEscalationKind(n.kind)) {
    const week = typeof n.data.isoWeek === 'string' && isIsoWeek(n.data.isoWeek) ? n.data.isoWeek : null;
    return week ? `/escalations?week=${week}` : '/escalations';
  }
  return n.caseId ? `/cases/${encodeURIComponent(n.caseId)}` : null;
}
