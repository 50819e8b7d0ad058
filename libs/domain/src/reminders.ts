/**
 * Which reminders a case should have, as a pure function of its facts. The scheduler compares this wish list
 * with the reminders on file: new ones are scheduled, ones whose cause went away (a task done, a contact made,
 * a date moved) are cancelled. Reminders fire at a fixed hour on their day, Copenhagen time.
 */
import { addBusinessDays, isBusinessDay, nextBusinessDayOnOrAfter } from './business-days.js';
import { addCalendarDays, assertIsoDate } from './calendar-date.js';
import type { ReminderKind } from './reminder-kinds.js';

// In a dependency-free file the web UI imports.
export { REMINDER_KINDS, type ReminderKind } from './reminder-kinds.js';

export interface ReminderSettings {
  /** Business days before the påkrav deadline to remind (the last day to pay). */
  demandDeadlineBusinessDaysBefore: number;
  /** Calendar days before a scheduled eviction to remind, one reminder each. */
  evictionDaysBefore: readonly number[];
  /** Business days after a case opened with no two-way contact before the counsellor is reminded. */
  noContactBusinessDays: number;
  /** Local time of day (Copenhagen) reminders fire. */
  hour: number;
}

export const DEFAULT_REMINDER_SETTINGS: Readonly<ReminderSettings> = Object.freeze({
  demandDeadlineBusinessDaysBefore: 3,
  evictionDaysBefore: Object.freeze([21, 14, 7]),
  noContactBusinessDays: 5,
  hour: 8,
});

export interface ReminderCaseFacts {
  status: 'open' | 'closed';
  /** Calendar date (Copenhagen) the case opened. */
  openedOn: string;
  counsellorId: string | null;
  caseworkerId: string | null;
  hasReachedContact: boolean;
  demandDeadline: string | null;
  evictionDate: string | null;
  openTasks: readonly { id: string; dueDate: string; assigneeId: string | null }[];
  /** Instalments of the active agreement not marked paid or missed. */
  pendingInstalments: readonly { id: string; seq: number; dueDate: string }[];
  /** Referrals sent to a partner and not yet accepted or declined, with their answer deadline. */
  awaitingReferrals?: readonly { id: string; answerBy: string }[];
}

export interface WantedReminder {
  kind: ReminderKind;
  /** With the kind, recipient and day, what makes the reminder unique (a task's id, a date). */
  subjectKey: string;
  recipientId: string;
  /** Calendar date (Copenhagen) the reminder fires, at the settings' hour. */
  dueDate: string;
}

/**
 * The reminders a case should have. `today` bounds nothing: a reminder due in the past is still wanted (it
 * fires at once when scheduled), so a missed run catches up; the scheduler decides what to do with stale ones.
 */
export function planReminders(facts: ReminderCaseFacts, settings: ReminderSettings = DEFAULT_REMINDER_SETTINGS): WantedReminder[] {
  if (facts.status !== 'open') return [];
  assertIsoDate(facts.openedOn, 'openedOn');
  const owner = facts.counsellorId ?? facts.caseworkerId;
  const wanted: WantedReminder[] = [];

  for (const task of facts.openTasks) {
    const recipient = task.assigneeId ?? owner;
    if (recipient) wanted.push({ kind: 'task_due', subjectKey: task.id, recipientId: recipient, dueDate: task.dueDate });
  }
  if (!owner) return wanted;

  if (facts.demandDeadline) {
    const deadline = facts.demandDeadline;
    const remindOn = addBusinessDays(isBusinessDay(deadline) ? deadline : nextBusinessDayOnOrAfter(deadline), -settings.demandDeadlineBusinessDaysBefore);
    wanted.push({ kind: 'demand_deadline', subjectKey: deadline, recipientId: owner, dueDate: remindOn });
  }
  if (facts.evictionDate) {
    for (const days of settings.evictionDaysBefore) {
      wanted.push({
        kind: 'eviction_approaching',
        subjectKey: `${facts.evictionDate}:${days}`,
        recipientId: owner,
        dueDate: addCalendarDays(facts.evictionDate, -days),
      });
    }
  }
  for (const instalment of facts.pendingInstalments) {
    // Missed once the due day has passed without the payment being registered: remind the next business day.
    wanted.push({
      kind: 'instalment_missed',
      subjectKey: instalment.id,
      recipientId: owner,
      dueDate: addBusinessDays(nextBusinessDayOnOrAfter(instalment.dueDate), 1),
    });
  }
  for (const referral of facts.awaitingReferrals ?? []) {
    // The partner's answer is late once its last day has passed: remind the next business day.
    wanted.push({
      kind: 'referral_unanswered',
      subjectKey: referral.id,
      recipientId: owner,
      dueDate: addBusinessDays(nextBusinessDayOnOrAfter(referral.answerBy), 1),
    });
  }
  if (!facts.hasReachedContact) {
    wanted.push({
      kind: 'no_contact',
      subjectKey: facts.openedOn,
      recipientId: owner,
      dueDate: addBusinessDays(nextBusinessDayOnOrAfter(facts.openedOn), settings.noContactBusinessDays),
    });
  }
  return wanted;
}

const offsetFormatter = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Copenhagen', timeZoneName: 'longOffset' });

/** Minutes Copenhagen is ahead of UTC at `instant` (60 in winter, 120 in summer). */
function copenhagenOffsetMinutes(instant: Date): number {
  const name = offsetFormatter.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/**
 * The instant a Copenhagen wall-clock time occurs on `date`, across both DST changes. A time that does not
 * exist (02:30 on the spring-forward day) moves forward by the gap; an ambiguous one (02:30 on the autumn day)
 * takes the first occurrence.
 */
export function copenhagenInstant(date: string, hour: number, minute = 0): Date {
  assertIsoDate(date, 'date');
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, hour, minute);
  // Try the offset in force just before and just after; keep the first that maps back to the same wall clock.
  const candidates = [copenhagenOffsetMinutes(new Date(asUtc - 3 * 3600_000)), copenhagenOffsetMinutes(new Date(asUtc + 3 * 3600_000))];
  for (const offset of candidates.sort((a, b) => b - a)) {
    const instant = new Date(asUtc - offset * 60_000);
    if (copenhagenOffsetMinutes(instant) === offset) return instant;
  }
  return new Date(asUtc - Math.min(...candidates) * 60_000);
}
