/** The kinds of reminder (reminders.ts plans them). Dependency-free so the web UI imports it as it is. */

export const REMINDER_KINDS = [
  'task_due',
  'demand_deadline',
  'eviction_approaching',
  'instalment_missed',
  'no_contact',
  'referral_unanswered',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
