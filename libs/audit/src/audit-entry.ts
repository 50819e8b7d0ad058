import type { Actor, RequestContext } from '@forebyg/core';

export type AuditOutcome = 'success' | 'denied' | 'failure';

/**
 * Named actions, so the log can be searched reliably. Reads and changes of a person's data, and
 * security events, each have their own name.
 */
export type AuditAction =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.login_throttled'
  | 'auth.logout'
  | 'auth.session_expired'
  | 'access.denied'
  | 'user.created'
  | 'user.updated'
  | 'user.disabled'
  | 'user.enabled'
  | 'user.password_reset'
  | 'api_key.created'
  | 'api_key.revoked'
  | 'api_key.rejected'
  | 'department.lead_changed'
  | 'person.read'
  | 'person.cpr_revealed'
  | 'person.searched_by_cpr'
  | 'person.created'
  | 'person.updated'
  | 'tenancy.read'
  | 'case.read'
  | 'case.created'
  | 'case.updated'
  | 'case.stage_changed'
  | 'case.assigned'
  | 'case.risk_overridden'
  | 'case.closed'
  | 'case.reopened'
  | 'case.exported'
  | 'case.searched_by_cpr'
  | 'case.notes_read'
  | 'case.note_added'
  | 'case.note_edited'
  | 'case.contact_logged'
  | 'case.task_changed'
  | 'case.budget_changed'
  | 'case.debt_changed'
  | 'case.agreement_changed'
  | 'case.application_changed'
  | 'arrears.import_received'
  | 'arrears.import_replayed'
  | 'arrears.rules_changed'
  | 'queues.changed'
  | 'partner.created'
  | 'partner.changed'
  | 'partner.secret_rotated'
  | 'partner.message_resent'
  | 'routing_rules.changed'
  | 'consent.read'
  | 'consent.recorded'
  | 'consent.withdrawn'
  | 'referral.read'
  | 'referral.proposed'
  | 'referral.sent'
  | 'referral.consent_overridden'
  | 'referral.answered'
  | 'referral.dismissed'
  | 'referral.withdrawn'
  | 'referral.partner_answered'
  | 'referral.partner_answer_rejected'
  | 'municipal_notice.sent'
  | 'audit.searched';

export interface AuditEntry {
  action: AuditAction;
  outcome?: AuditOutcome;
  actor?: Actor | null;
  /** For anonymous or system events where there is no Actor (a failed login names the attempted account). */
  actorType?: 'user' | 'api_client' | 'system' | 'anonymous';
  actorId?: string | null;
  actorLabel?: string | null;
  organisationId?: string | null;
  personId?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  purpose?: string | null;
  context?: RequestContext | null;
  /** Never personal data: ids, counts, field names. */
  details?: Record<string, unknown>;
}
