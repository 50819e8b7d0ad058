/** The kinds of event on a case's timeline. Dependency-free so the web UI imports it as it is. */

/** Every kind of timeline event; the UI renders each as a sentence and filters by them. */
export const CASE_EVENT_KINDS = [
  'opened',
  'stage_changed',
  'case_updated',
  'assigned',
  'risk_changed',
  'risk_overridden',
  'risk_override_cleared',
  'contact_logged',
  'note_added',
  'note_edited',
  'task_added',
  'task_updated',
  'task_completed',
  'task_reopened',
  'budget_line_added',
  'budget_line_changed',
  'budget_line_removed',
  'debt_added',
  'debt_changed',
  'debt_removed',
  'agreement_created',
  'agreement_status_changed',
  'instalment_changed',
  'application_added',
  'application_changed',
  'closed',
  'reopened',
  // From the ledger's arrears snapshots (system events).
  'arrears_changed',
  'arrears_cleared',
  'demand_sent',
  'termination_recorded',
  'court_filed',
  'eviction_date_set',
  // Referrals to partners and the consent they rest on.
  'consent_recorded',
  'consent_withdrawn',
  'referral_proposed',
  'referral_sent',
  'referral_answered',
  'referral_dismissed',
  'referral_withdrawn',
  'municipal_notice_sent',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

/** Kinds that reveal that a note exists; left out of the timeline for callers who may not read notes. */
export const NOTE_EVENT_KINDS: readonly CaseEventKind[] = ['note_added', 'note_edited'];
