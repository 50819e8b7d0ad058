import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import {
  APP_CONFIG,
  AppConfig,
  Clock,
  MailJobData,
  QUEUES,
  QueueFactory,
  ReminderJobData,
  writeOutbox,
  QueueHost,
  startQueueHost,
} from '@forebyg/core';
import { ReminderScheduler } from '@forebyg/cases';
import { MailService } from './mail.service.js';

/**
 * Fires reminders: the job names the reminder; the handler locks it, re-plans its case (so a reminder whose cause
 * went away is cancelled, not sent), writes the in-app notification and, for users who want e-mail, an outbox
 * row for the mail, and marks the reminder sent, all in one transaction. Run twice, it does nothing the second
 * time. A reconciler re-enqueues reminders past due whose job was lost.
 */
@Injectable()
export class ReminderProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReminderProcessor.name);
  private host?: QueueHost<ReminderJobData>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly queues: QueueFactory,
    private readonly scheduler: ReminderScheduler,
    private readonly mail: MailService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const def = QUEUES.reminders;
    this.host = await startQueueHost<ReminderJobData>(this.queues, this.config, this.logger, {
      queue: def,
      process: (job) => this.process(job),
      concurrency: 10,
      schedules: [
        { id: 'reminders-reconcile', repeat: { every: this.config.RECONCILE_SECONDS * 1000 }, job: { name: def.jobs.reconcile } },
      ],
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host?.close();
  }

  isRunning(): boolean {
    return this.host?.isRunning() ?? false;
  }

  async process(job: Job<ReminderJobData>): Promise<Record<string, unknown>> {
    if (job.name === QUEUES.reminders.jobs.reconcile) return { reenqueued: await this.reconcile() };
    if (!job.data.reminderId) throw new Error('reminder.fire without reminderId');
    return { result: await this.fire(job.data.reminderId) };
  }

  async fire(reminderId: string): Promise<'sent' | 'cancelled' | 'not_due' | 'done_before'> {
    return this.ds.transaction(async (em) => {
      const [r] = await em.query(
        `SELECT r.id, r.organisation_id AS "organisationId", r.case_id AS "caseId", r.kind, r.subject_key AS "subjectKey",
                r.recipient_id AS "recipientId", r.due_at AS "dueAt", r.status
           FROM reminder r WHERE r.id = $1 FOR UPDATE`,
        [reminderId],
      );
      if (!r || r.status !== 'scheduled') return 'done_before';
      if (new Date(r.dueAt).getTime() > this.clock.now().getTime() + 60_000) return 'not_due';
      // The cause may have gone since it was scheduled: re-plan the case, which cancels what is no longer wanted.
      await em.query('SELECT id FROM case_file WHERE id = $1 FOR UPDATE', [r.caseId]);
      await this.scheduler.sync(em, [r.caseId]);
      const [{ status }] = await em.query('SELECT status FROM reminder WHERE id = $1', [reminderId]);
      if (status !== 'scheduled') return 'cancelled';
      const [c] = await em.query(
        `SELECT c.case_number AS "caseNumber", to_char(c.demand_deadline, 'YYYY-MM-DD') AS deadline, to_char(c.eviction_date, 'YYYY-MM-DD') AS eviction
           FROM case_file c WHERE c.id = $1`,
        [r.caseId],
      );
      const data = await this.dataOf(em, r, c);
      const [user] = await em.query('SELECT notify_by_email AS "byEmail", disabled_at AS "disabledAt" FROM app_user WHERE id = $1', [
        r.recipientId,
      ]);
      const wantsMail = Boolean(user?.byEmail && !user.disabledAt && this.mail.enabled);
      const [n] = await em.query(
        `INSERT INTO notification (organisation_id, user_id, kind, case_id, reminder_id, data, email_status)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (reminder_id) DO NOTHING RETURNING id`,
        [
          r.organisationId,
          r.recipientId,
          r.kind,
          r.caseId,
          r.id,
          JSON.stringify({ caseNumber: c.caseNumber, ...data }),
          wantsMail ? 'pending' : 'none',
        ],
      );
      await em.query(`UPDATE reminder SET status = 'sent', sent_at = now() WHERE id = $1`, [reminderId]);
      if (n && wantsMail) {
        await writeOutbox(em, [
          { queue: QUEUES.mail.name, jobName: QUEUES.mail.jobs.notification, payload: { notificationId: n.id } satisfies MailJobData },
        ]);
      }
      return 'sent';
    });
  }

  /** Dates and numbers for the notification's text: never names, CPR or amounts. */
  private async dataOf(
    em: import('typeorm').EntityManager,
    r: { kind: string; subjectKey: string },
    c: { deadline: string | null; eviction: string | null },
  ): Promise<Record<string, unknown>> {
    switch (r.kind) {
      case 'task_due': {
        const [t] = await em.query(`SELECT to_char(due_date, 'YYYY-MM-DD') AS "dueDate" FROM case_task WHERE id = $1`, [r.subjectKey]);
        return { taskId: r.subjectKey, dueDate: t?.dueDate ?? null };
      }
      case 'demand_deadline':
        return { deadline: r.subjectKey };
      case 'eviction_approaching': {
        const [date, days] = r.subjectKey.split(':');
        return { evictionDate: date, daysBefore: Number(days) };
      }
      case 'instalment_missed': {
        const [i] = await em.query(`SELECT seq, to_char(due_date, 'YYYY-MM-DD') AS "dueDate" FROM agreement_instalment WHERE id = $1`, [
          r.subjectKey,
        ]);
        return { instalmentId: r.subjectKey, seq: i?.seq ?? null, dueDate: i?.dueDate ?? null };
      }
      case 'referral_unanswered': {
        const [f] = await em.query(
          `SELECT to_char(f.answer_by, 'YYYY-MM-DD') AS "answerBy", p.name AS "partnerName" FROM referral f JOIN partner p ON p.id = f.partner_id WHERE f.id = $1`,
          [r.subjectKey],
        );
        return { referralId: r.subjectKey, answerBy: f?.answerBy ?? null, partnerName: f?.partnerName ?? null };
      }
      default:
        return { openedOn: r.subjectKey, deadline: c.deadline, evictionDate: c.eviction };
    }
  }

  /** Reminders more than RECONCILE_SECONDS (two minutes) past due and still scheduled: their job was lost; enqueue them again. */
  async reconcile(): Promise<number> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM reminder WHERE status = 'scheduled' AND due_at < now() - make_interval(secs => $1) ORDER BY due_at LIMIT 1000`,
      [this.config.RECONCILE_SECONDS],
    );
    const bucket = Math.floor(this.clock.now().getTime() / 600_000);
    for (const { id } of rows) {
      await this.host!.queue.add(QUEUES.reminders.jobs.fire, { reminderId: id }, { jobId: `reconcile-${id}-${bucket}` });
    }
    return rows.length;
  }
}
