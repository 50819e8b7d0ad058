import type { EntityManager } from 'typeorm';
import type { Actor } from '@forebyg/core';

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

export interface EventActor {
  type: 'user' | 'api_client' | 'system';
  id: string | null;
  label: string | null;
}

export const SYSTEM_ACTOR: EventActor = { type: 'system', id: null, label: 'system' };

export function eventActorOf(actor: Actor): EventActor {
  return { type: actor.kind, id: actor.id, label: actor.label };
}

/**
 * Appends one event to a case's timeline, in the caller's transaction. Event data holds ids, stages, dates and
 * staff names, never a tenant's CPR; note events carry only the note's id, not its text.
 */
export async function recordCaseEvent(
  em: EntityManager,
  caseId: string,
  actor: EventActor,
  kind: CaseEventKind,
  data: Record<string, unknown> = {},
): Promise<void> {
  await em.query('INSERT INTO case_event (case_id, kind, actor_type, actor_id, actor_label, data) VALUES ($1, $2, $3, $4, $5, $6)', [
    caseId,
    kind,
    actor.type,
    actor.id,
    actor.label,
    JSON.stringify(data),
  ]);
}
