import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, Clock, QUEUES, QueueFactory, type PartnerMessageJobData, QueueHost, returnedRows, startQueueHost } from '@forebyg/core';
import { webhookHeaders } from '@forebyg/domain';
import { MailService } from '@forebyg/notifications';
import { MessageContent, type MessageRow } from './message-content.js';
import { PartnerSecrets } from './partner-secrets.js';
import { ReferralSweep } from './referral-sweep.js';

/** Exponential backoff with up to 50 % jitter: base · 2^(n-1) · (1 + random/2). */
export function partnerBackoff(baseMs: number, attemptsMade: number, random: () => number = Math.random): number {
  return Math.round(baseMs * 2 ** Math.max(0, attemptsMade - 1) * (1 + random() / 2));
}

class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/**
 * The worker's side of the integration module, on the `referrals` queue: delivers each partner message (a signed
 * webhook or an e-mail) and runs the referral sweep. A message is read from the database when it is sent; a
 * failure counts an attempt on the message row and is retried with backoff and jitter; after
 * PARTNER_DELIVERY_ATTEMPTS it is dead (the dead letter admins see and can resend). A message already delivered is
 * never sent again (the webhook-id is the message id, so a partner can also drop a duplicate itself).
 */
@Injectable()
export class PartnerDeliveryProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PartnerDeliveryProcessor.name);
  private host?: QueueHost<PartnerMessageJobData>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly queues: QueueFactory,
    private readonly content: MessageContent,
    private readonly secrets: PartnerSecrets,
    private readonly mail: MailService,
    private readonly sweep: ReferralSweep,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const def = QUEUES.referrals;
    this.host = await startQueueHost<PartnerMessageJobData>(this.queues, this.config, this.logger, {
      queue: def,
      process: (job) => this.process(job),
      concurrency: 5,
      settings: { backoffStrategy: (attemptsMade: number) => partnerBackoff(this.config.PARTNER_DELIVERY_BACKOFF_MS, attemptsMade) },
      schedules: [{ id: 'referrals-sweep', repeat: { every: this.config.ROUTING_SWEEP_SECONDS * 1000 }, job: { name: def.jobs.sweep } }],
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host?.close();
  }

  isRunning(): boolean {
    return this.host?.isRunning() ?? false;
  }

  async process(job: Job<PartnerMessageJobData>): Promise<Record<string, unknown>> {
    if (job.name === QUEUES.referrals.jobs.sweep) return { ...(await this.sweep.run()), requeued: await this.reconcile() };
    if (!job.data?.messageId) throw new UnrecoverableError('partner-message.deliver without messageId');
    return { result: await this.deliver(job.data.messageId) };
  }

  /**
   * Pending messages whose job is gone (a Redis that lost its data; a relay that never got through): nothing has
   * happened to them for longer than their next retry could take (the backoff before the next attempt, with its
   * jitter, plus RECONCILE_SECONDS), and their outbox row was relayed. Enqueued again, at most once per attempt
   * count (the job id names it), so a message whose job still waits is not doubled.
   */
  async reconcile(): Promise<number> {
    const rows: { id: string; attempts: number }[] = await this.ds.query(
      `SELECT m.id, m.attempts FROM partner_message m
        WHERE m.status = 'pending'
          AND COALESCE(m.last_attempt_at, m.resent_at, m.created_at)
              < now() - make_interval(secs => $1 + $2 / 1000.0 * power(2, greatest(m.attempts - 1, 0)) * 1.5)
          AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.relayed_at IS NULL AND o.job_name = $3 AND o.payload->>'messageId' = m.id::text)
        ORDER BY m.created_at LIMIT 500`,
      [this.config.RECONCILE_SECONDS, this.config.PARTNER_DELIVERY_BACKOFF_MS, QUEUES.referrals.jobs.deliver],
    );
    for (const r of rows) {
      await this.host!.queue.add(QUEUES.referrals.jobs.deliver, { messageId: r.id }, { jobId: `reconcile-${r.id}-${r.attempts}` });
    }
    if (rows.length) this.logger.warn({ messages: rows.length }, 'partner messages without a job were enqueued again');
    return rows.length;
  }

  /**
   * Sends one message; returns what happened, or throws to be retried. The message row stays locked while it goes
   * out (at most PARTNER_DELIVERY_TIMEOUT_MS), so two jobs for the same message (a reconciled one beside a late
   * original) never send it side by side: the second finds it locked or no longer pending and does nothing.
   */
  async deliver(messageId: string): Promise<'delivered' | 'done_before' | 'dead'> {
    let retry: Error | null = null;
    const outcome = await this.ds.transaction(async (em): Promise<'delivered' | 'done_before' | 'dead' | 'retry'> => {
      const [locked] = await em.query(`SELECT id FROM partner_message WHERE id = $1 AND status = 'pending' FOR UPDATE SKIP LOCKED`, [messageId]);
      if (!locked) return 'done_before';
      const m = (await this.content.message(em, messageId))!;
      const [partner] = await em.query('SELECT * FROM partner WHERE id = $1', [m.partnerId]);
      // Without an SMTP server an e-mail partner cannot be reached at all: the dead letter at once, not a day of retries.
      if (m.channel === 'email' && !this.mail.enabled) return this.failed(em, m, new Error('SMTP_URL is not set: no e-mail can be sent'), true);
      try {
        const { body, mail } = await this.content.build(em, m);
        if (m.channel === 'webhook') await this.post(partner.webhook_url, m, body, this.secrets.secretsOf(partner, this.clock.now()));
        else await this.mail.send({ to: partner.email, subject: mail.subject, text: mail.text, html: mail.html, messageId: `<${m.id}@forebyg>` });
      } catch (err) {
        const result = await this.failed(em, m, err as Error);
        if (result === 'retry') retry = err as Error;
        return result;
      }
      await em.query(
        `UPDATE partner_message SET status = 'delivered', delivered_at = now(), attempts = attempts + 1, last_attempt_at = now(), last_error = NULL, last_status = $2
          WHERE id = $1`,
        [m.id, m.channel === 'webhook' ? 200 : null],
      );
      return 'delivered';
    });
    // Thrown after the attempt was counted and committed: the queue retries with backoff.
    if (outcome === 'retry') throw retry ?? new Error('delivery failed');
    return outcome;
  }

  private async post(url: string, m: MessageRow, body: string, secrets: string[]): Promise<void> {
    const headers = webhookHeaders(secrets, m.id, Math.floor(this.clock.now().getTime() / 1000), body);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Forebyg-Webhooks/1', ...headers },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.PARTNER_DELIVERY_TIMEOUT_MS),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      throw new DeliveryFailed(e.name === 'TimeoutError' ? 'timeout' : `network: ${e.cause?.code ?? e.message}`, null);
    }
    await res.body?.cancel().catch(() => undefined);
    if (res.status < 200 || res.status >= 300) throw new DeliveryFailed(`HTTP ${res.status}`, res.status);
  }

  /** Counts the failed attempt; the last allowed one (or a permanent failure) makes the message dead, others are retried. */
  private async failed(em: EntityManager, m: MessageRow, err: Error, permanent = false): Promise<'dead' | 'retry'> {
    const status = err instanceof DeliveryFailed ? err.status : null;
    const [row] = await em
      .query(
        `UPDATE partner_message SET attempts = attempts + 1, last_attempt_at = now(), last_error = $2, last_status = $3,
                status = CASE WHEN attempts + 1 >= $4 THEN 'dead' ELSE status END,
                dead_at = CASE WHEN attempts + 1 >= $4 THEN now() ELSE dead_at END
          WHERE id = $1 RETURNING status`,
        [m.id, err.message.slice(0, 500), status, permanent ? 0 : this.config.PARTNER_DELIVERY_ATTEMPTS],
      )
      .then((res: unknown) => returnedRows<{ status: string }>(res));
    if (row?.status === 'dead') {
      this.logger.warn({ messageId: m.id, type: m.type, err: err.message }, 'partner message moved to the dead letter');
      return 'dead';
    }
    return 'retry';
  }
}
