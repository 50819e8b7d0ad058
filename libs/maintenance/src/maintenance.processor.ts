import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import {
  APP_CONFIG,
  AppConfig,
  MaintenanceJobData,
  MaintenanceJobName,
  QUEUES,
  QueueFactory,
  QueueHost,
  startQueueHost,
} from '@forebyg/core';
import { SessionRepository } from '@forebyg/auth';
import { CaseRefresher } from '@forebyg/cases';

type Handler = () => Promise<Record<string, number>>;

/**
 * Housekeeping sweeps on the `maintenance` queue, scheduled nightly (Europe/Copenhagen); a SchedulerKeeper puts the
 * schedules back when Redis loses them. Each handler is idempotent: it deletes what has expired or re-derives what
 * the calendar changed, so a re-run does no harm.
 */
@Injectable()
export class MaintenanceProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MaintenanceProcessor.name);
  private host?: QueueHost<MaintenanceJobData>;
  private readonly handlers: Record<MaintenanceJobName, Handler>;

  constructor(
    private readonly queues: QueueFactory,
    private readonly sessions: SessionRepository,
    private readonly cases: CaseRefresher,
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.handlers = {
      'sessions.purge': async () => ({ deleted: await this.sessions.deleteExpired(30) }),
      'login-throttle.purge': async () => {
        const res = await this.ds.query('DELETE FROM login_throttle WHERE expire IS NOT NULL AND expire < $1', [Date.now()]);
        return { deleted: res[1] ?? 0 };
      },
      // Days left and days without contact grow with the calendar: re-assess every open case just after midnight.
      'cases.refresh': async () => ({ refreshed: await this.cases.refreshAllOpen() }),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const def = QUEUES.maintenance;
    const nightly = (pattern: string) => ({ pattern, tz: 'Europe/Copenhagen' });
    this.host = await startQueueHost<MaintenanceJobData>(this.queues, this.config, this.logger, {
      queue: def,
      process: (job) => this.process(job),
      concurrency: 1,
      lock: false,
      schedules: [
        { id: 'nightly-sessions-purge', repeat: nightly('15 3 * * *'), job: { name: def.jobs.purgeSessions } },
        { id: 'nightly-cases-refresh', repeat: nightly('5 0 * * *'), job: { name: def.jobs.refreshCases } },
        { id: 'nightly-throttle-purge', repeat: nightly('20 3 * * *'), job: { name: def.jobs.purgeLoginThrottle } },
      ],
    });
  }

  async process(job: Job<MaintenanceJobData>): Promise<Record<string, number>> {
    const handler = this.handlers[job.name as MaintenanceJobName];
    if (!handler) throw new Error(`Unknown maintenance job ${job.name}`);
    const result = await handler();
    this.logger.log({ queue: job.queueName, jobName: job.name, ...result }, 'maintenance job done');
    return result;
  }

  isRunning(): boolean {
    return this.host?.isRunning() ?? false;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host?.close();
  }
}
