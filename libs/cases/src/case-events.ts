import type { EntityManager } from 'typeorm';
import type { Actor } from '@forebyg/core';
import type { CaseEventKind } from '@forebyg/domain';

// The kinds are domain vocabulary (the web UI shares them); exported here too for this lib's callers.
export { CASE_EVENT_KINDS, NOTE_EVENT_KINDS, type CaseEventKind } from '@forebyg/domain';

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
