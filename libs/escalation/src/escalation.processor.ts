import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, Clock, QUEUES, QueueFactory, QueueHost, startQueueHost } from '@forebyg/core';
import { isoWeekOf, mondayOfIsoWeek, todayInCopenhagen } from '@forebyg/domain';
import { EscalationService } from './escalation.service.js';

/**
 * Schedules the weekly run (ESCALATION_CRON in Europe/Copenhagen, Mondays 07:00 by default) and a reconciler
 * every ESCALATION_RECONCILE_SECONDS (10 minutes) that runs the current week for any organisation whose run is
 * missing once the week's run time has passed (a worker that was down on Monday morning, a job Redis lost). The
 * run itself never writes a message twice.
 */
@Injectable()
export class EscalationProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EscalationProcessor.name);
  private host?: QueueHost<unknown>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly queues: QueueFactory,
    private readonly escalation: EscalationService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const def = QUEUES.escalation;
    this.host = await startQueueHost<unknown>(this.queues, this.config, this.logger, {
      queue: def,
      process: (job) => this.process(job as Job<{ week?: unknown }>),
      concurrency: 1,
      schedules: [
        {
          id: 'weekly-escalation',
          repeat: { pattern: this.config.ESCALATION_CRON, tz: 'Europe/Copenhagen' },
          job: { name: def.jobs.weekly },
        },
        {
          id: 'escalation-reconcile',
          repeat: { every: this.config.ESCALATION_RECONCILE_SECONDS * 1000 },
          job: { name: def.jobs.reconcile },
        },
      ],
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host?.close();
  }

  isRunning(): boolean {
    return this.host?.isRunning() ?? false;
  }

  /** The ISO week "now" belongs to, on the Copenhagen calendar. */
  currentWeek(): string {
    return isoWeekOf(todayInCopenhagen(this.clock.now()));
  }

  /** A weekly job may name its week (`{ week: 'YYYY-Www' }`, an operator's re-run); the cron's jobs do not. */
  async process(job: Job<{ week?: unknown }>): Promise<Record<string, unknown>> {
    if (job.name === QUEUES.escalation.jobs.reconcile) {
      const week = this.currentWeek();
      return { week, written: await this.reconcile(week) };
    }
    const week = job.data?.week === undefined ? this.currentWeek() : String(job.data.week);
    try {
      mondayOfIsoWeek(week);
    } catch {
      throw new UnrecoverableError(`not an ISO week: ${JSON.stringify(week).slice(0, 40)}`);
    }
    const written = await this.escalation.run(week);
    this.logger.log({ week, written }, 'weekly escalation run');
    return { week, written };
  }

  /**
   * Runs `week` for organisations without a run yet, once this week's scheduled time has passed. The scheduled
   * time is taken from the last time the cron fired or would have fired (BullMQ's scheduler knows it).
   */
  async reconcile(week: string): Promise<number> {
    const scheduler = await this.host?.queue.getJobScheduler('weekly-escalation');
    const next = scheduler?.next ? new Date(Number(scheduler.next)) : null;
    // Due this week when the next run is in a later week than now (so this week's time has passed).
    const passed = next ? isoWeekOf(todayInCopenhagen(next)) !== week : true;
    if (!passed) return 0;
    const missing: { id: string }[] = await this.ds.query(
      `SELECT o.id FROM organisation o WHERE NOT EXISTS (SELECT 1 FROM escalation_run r WHERE r.organisation_id = o.id AND r.iso_week = $1)`,
      [week],
    );
    let written = 0;
    for (const { id } of missing) written += await this.escalation.run(week, id);
    if (missing.length) this.logger.log({ week, organisations: missing.length, written }, 'reconciled a missed weekly escalation');
    return written;
  }
}
