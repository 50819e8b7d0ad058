import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, QUEUES, writeOutbox } from '@forebyg/core';
import { addCalendarDays, copenhagenInstant, DEFAULT_REMINDER_SETTINGS, planReminders, todayInCopenhagen, type WantedReminder } from '@forebyg/domain';

/** A reminder whose day is further back than this when it is first wanted is stale: it is not scheduled. */
export const STALE_REMINDER_DAYS = 3;

interface FactsRow {
  id: string;
  organisationId: string;
  status: 'open' | 'closed';
  openedOn: string;
  counsellorId: string | null;
  caseworkerId: string | null;
  reached: boolean;
  demandDeadline: string | null;
  evictionDate: string | null;
  tasks: { id: string; dueDate: string; assigneeId: string | null }[];
  instalments: { id: string; seq: number; dueDate: string }[];
  referrals: { id: string; answerBy: string }[];
}

interface ExistingRow {
  id: string;
  caseId: string;
  kind: string;
  subjectKey: string;
  recipientId: string;
  dueAt: Date;
}

const keyOf = (caseId: string, r: { kind: string; subjectKey: string; recipientId: string }, dueAt: Date) =>
  `${caseId}|${r.kind}|${r.subjectKey}|${r.recipientId}|${dueAt.toISOString()}`;

/**
 * Keeps each case's reminders in step with its facts: runs in the transaction of every change to a case (and of
 * the arrears import and the nightly refresh). New reminders get an outbox row due at their time; reminders
 * whose cause went away (a task done, a contact made, a date moved, the case closed) are cancelled.
 */
@Injectable()
export class ReminderScheduler {
  constructor(private readonly clock: Clock) {}

  async sync(em: EntityManager, caseIds: readonly string[]): Promise<void> {
    if (!caseIds.length) return;
    const facts: FactsRow[] = await em.query(
      `SELECT c.id, c.organisation_id AS "organisationId", c.status,
              to_char((c.opened_at AT TIME ZONE 'Europe/Copenhagen')::date, 'YYYY-MM-DD') AS "openedOn",
              c.assigned_counsellor_id AS "counsellorId", c.responsible_caseworker_id AS "caseworkerId",
              c.last_contact_at IS NOT NULL AS reached,
              to_char(c.demand_deadline, 'YYYY-MM-DD') AS "demandDeadline", to_char(c.eviction_date, 'YYYY-MM-DD') AS "evictionDate",
              COALESCE((SELECT json_agg(json_build_object('id', k.id, 'dueDate', to_char(k.due_date, 'YYYY-MM-DD'), 'assigneeId', k.assignee_id))
                          FROM case_task k WHERE k.case_id = c.id AND k.done_at IS NULL), '[]') AS tasks,
              COALESCE((SELECT json_agg(json_build_object('id', i.id, 'seq', i.seq, 'dueDate', to_char(i.due_date, 'YYYY-MM-DD')))
                          FROM agreement_instalment i JOIN payment_agreement a ON a.id = i.agreement_id
                         WHERE a.case_id = c.id AND a.status = 'active' AND i.status = 'pending'), '[]') AS instalments,
              COALESCE((SELECT json_agg(json_build_object('id', f.id, 'answerBy', to_char(f.answer_by, 'YYYY-MM-DD')))
                          FROM referral f WHERE f.case_id = c.id AND f.status IN ('sent', 'acknowledged') AND f.answer_by IS NOT NULL), '[]') AS referrals
         FROM case_file c WHERE c.id = ANY($1::uuid[])`,
      [caseIds],
    );
    const existing: ExistingRow[] = await em.query(
      `SELECT id, case_id AS "caseId", kind, subject_key AS "subjectKey", recipient_id AS "recipientId", due_at AS "dueAt"
         FROM reminder WHERE case_id = ANY($1::uuid[]) AND status = 'scheduled'`,
      [caseIds],
    );
    const staleBefore = addCalendarDays(todayInCopenhagen(this.clock.now()), -STALE_REMINDER_DAYS);
    const wanted = new Map<string, { caseId: string; organisationId: string; reminder: WantedReminder; dueAt: Date }>();
    for (const f of facts) {
      const plan = planReminders({
        status: f.status,
        openedOn: f.openedOn,
        counsellorId: f.counsellorId,
        caseworkerId: f.caseworkerId,
        hasReachedContact: f.reached,
        demandDeadline: f.demandDeadline,
        evictionDate: f.evictionDate,
        openTasks: f.tasks,
        pendingInstalments: f.instalments,
        awaitingReferrals: f.referrals,
      });
      for (const reminder of plan) {
        const dueAt = copenhagenInstant(reminder.dueDate, DEFAULT_REMINDER_SETTINGS.hour);
        wanted.set(keyOf(f.id, reminder, dueAt), { caseId: f.id, organisationId: f.organisationId, reminder, dueAt });
      }
    }
    const existingKeys = new Set(existing.map((e) => keyOf(e.caseId, e, new Date(e.dueAt))));
    const cancel = existing.filter((e) => !wanted.has(keyOf(e.caseId, e, new Date(e.dueAt)))).map((e) => e.id);
    if (cancel.length) {
      await em.query(
        `UPDATE reminder SET status = 'cancelled', cancelled_at = now(), cancel_reason = 'cause_gone' WHERE id = ANY($1::uuid[]) AND status = 'scheduled'`,
        [cancel],
      );
    }
    const fresh = [...wanted.entries()].filter(([key, w]) => !existingKeys.has(key) && w.reminder.dueDate >= staleBefore).map(([, w]) => w);
    if (!fresh.length) return;
    // A reminder already sent for the same cause and time is not scheduled again; a cancelled one comes back.
    const inserted: { id: string; dueAt: Date }[] = await em.query(
      `INSERT INTO reminder (organisation_id, case_id, kind, subject_key, recipient_id, due_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::timestamptz[])
       ON CONFLICT (case_id, kind, subject_key, recipient_id, due_at) DO UPDATE
         SET status = 'scheduled', cancelled_at = NULL, cancel_reason = NULL WHERE reminder.status = 'cancelled'
       RETURNING id, due_at AS "dueAt"`,
      [
        fresh.map((w) => w.organisationId),
        fresh.map((w) => w.caseId),
        fresh.map((w) => w.reminder.kind),
        fresh.map((w) => w.reminder.subjectKey),
        fresh.map((w) => w.reminder.recipientId),
        fresh.map((w) => w.dueAt.toISOString()),
      ],
    );
    await writeOutbox(
      em,
      inserted.map((r) => ({ queue: QUEUES.reminders.name, jobName: QUEUES.reminders.jobs.fire, payload: { reminderId: r.id }, runAt: new Date(r.dueAt) })),
    );
  }
}
