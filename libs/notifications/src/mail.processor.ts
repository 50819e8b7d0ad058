import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, Clock, MailJobData, QUEUES, QueueFactory, QueueHost, startQueueHost } from '@forebyg/core';
import { MailService } from './mail.service.js';
import { notificationMail } from './notification-text.js';

/**
 * Sends the e-mail of a notification. The notification row is locked while the mail goes out and marked sent in
 * the same transaction, so a second job for it (a relay retry, the reconciler) finds it sent and does nothing.
 */
@Injectable()
export class MailProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailProcessor.name);
  private host?: QueueHost<MailJobData | Record<string, never>>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly queues: QueueFactory,
    private readonly mail: MailService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const def = QUEUES.mail;
    this.host = await startQueueHost<MailJobData | Record<string, never>>(this.queues, this.config, this.logger, {
      queue: def,
      process: (job) => this.process(job),
      concurrency: 5,
      schedules: [{ id: 'mail-reconcile', repeat: { every: this.config.RECONCILE_SECONDS * 1000 }, job: { name: 'mail.reconcile' } }],
      onFailed: (job, err) => {
        const id = (job?.data as MailJobData | undefined)?.notificationId;
        if (job && id && (err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1))) {
          void this.ds
            .query(`UPDATE notification SET email_status = 'failed' WHERE id = $1 AND email_status = 'pending'`, [id])
            .catch(() => undefined);
        }
      },
    });
    if (!this.mail.enabled) this.logger.log('SMTP_URL is not set: notifications stay in the app, no e-mail is sent');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host?.close();
  }

  isRunning(): boolean {
    return this.host?.isRunning() ?? false;
  }

  async process(job: Job<MailJobData | Record<string, never>>): Promise<Record<string, unknown>> {
    if (job.name === 'mail.reconcile') return { reenqueued: await this.reconcile() };
    const id = (job.data as MailJobData).notificationId;
    if (!id) throw new UnrecoverableError('mail job without notificationId');
    return { result: await this.sendNotification(id) };
  }

  async sendNotification(notificationId: string): Promise<'sent' | 'done_before'> {
    return this.ds.transaction(async (em) => {
      const [n] = await em.query(
        `SELECT n.id, n.kind, n.case_id AS "caseId", n.data, n.email_status AS status, u.email, u.disabled_at AS "disabledAt", c.case_number AS "caseNumber"
           FROM notification n JOIN app_user u ON u.id = n.user_id LEFT JOIN case_file c ON c.id = n.case_id
          WHERE n.id = $1 FOR UPDATE OF n`,
        [notificationId],
      );
      if (!n || n.status !== 'pending') return 'done_before';
      if (n.disabledAt) {
        await em.query(`UPDATE notification SET email_status = 'none' WHERE id = $1`, [notificationId]);
        return 'done_before';
      }
      const path = n.caseId ? `/cases/${n.caseId}` : String(n.kind).startsWith('weekly_escalation') ? '/escalations' : null;
      const caseUrl = path ? new URL(path, this.config.PUBLIC_URL).toString() : null;
      const content = notificationMail({ kind: n.kind, caseNumber: n.caseNumber, data: n.data, caseUrl });
      await this.mail.send({ to: n.email, ...content, messageId: `<notification-${n.id}@forebyg>` });
      await em.query(`UPDATE notification SET email_status = 'sent', emailed_at = now() WHERE id = $1`, [notificationId]);
      return 'sent';
    });
  }

  /**
   * Mails still pending after RECONCILE_SECONDS (two minutes): their job was lost; enqueue them again (sending
   * twice is prevented above).
   */
  async reconcile(): Promise<number> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM notification WHERE email_status = 'pending' AND created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT 1000`,
      [this.config.RECONCILE_SECONDS],
    );
    const bucket = Math.floor(this.clock.now().getTime() / 600_000);
    for (const { id } of rows) {
      await this.host!.queue.add(QUEUES.mail.jobs.notification, { notificationId: id }, { jobId: `reconcile-${id}-${bucket}` });
    }
    return rows.length;
  }
}
