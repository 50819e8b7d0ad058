import type { Logger } from '@nestjs/common';
import type { AdvancedOptions, Job, JobsOptions, Queue, Worker } from 'bullmq';
import type { AppConfig } from '../config/config.js';
import type { QueueFactory } from './queue-factory.js';
import { SchedulerKeeper, type ScheduleSpec } from './scheduler-keeper.js';

export interface QueueHostOptions<T> {
  queue: { name: string; defaultJobOptions: JobsOptions };
  process: (job: Job<T>) => Promise<unknown>;
  concurrency: number;
  /** Renew the job lock every JOB_LOCK_SECONDS (a dead worker's job is retried after that long); default true. */
  lock?: boolean;
  /** Crons and reconcilers of the queue, kept in place by a {@link SchedulerKeeper}. */
  schedules?: readonly ScheduleSpec[];
  settings?: AdvancedOptions;
  /** Besides the warning logged for every failed attempt. */
  onFailed?: (job: Job<T> | undefined, err: Error) => void;
}

/** A queue, its worker and its schedules, started and stopped together. */
export interface QueueHost<T> {
  queue: Queue<T>;
  worker: Worker<T>;
  isRunning(): boolean;
  close(): Promise<void>;
}

/**
 * What every processor of the worker does at start: the queue with its declared job options, a worker with the
 * configured lock, a warning per failed attempt, and the queue's schedules kept in place after a Redis restart
 * (SCHEDULER_CHECK_SECONDS). `close()` stops the schedule check, then the worker (letting running jobs finish), then the queue.
 */
export async function startQueueHost<T>(
  factory: QueueFactory,
  config: AppConfig,
  logger: Logger,
  o: QueueHostOptions<T>,
): Promise<QueueHost<T>> {
  const queue = factory.createQueue<T>(o.queue.name, o.queue.defaultJobOptions);
  const lock = o.lock === false ? {} : { lockDuration: config.JOB_LOCK_SECONDS * 1000, stalledInterval: config.JOB_LOCK_SECONDS * 1000 };
  const worker = factory.createWorker<T>(o.queue.name, (job) => o.process(job), {
    concurrency: o.concurrency,
    ...lock,
    ...(o.settings ? { settings: o.settings } : {}),
  });
  worker.on('failed', (job, err) => {
    logger.warn({ queue: o.queue.name, jobName: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, 'job failed');
    o.onFailed?.(job, err);
  });
  const keeper = o.schedules?.length
    ? new SchedulerKeeper(
        queue as Queue,
        o.schedules,
        config.SCHEDULER_CHECK_SECONDS * 1000,
        (ids) => logger.warn({ schedulers: ids }, 'job schedulers were missing from the queue (Redis lost its data?); restored'),
        (err) => logger.warn({ err: err.message }, 'could not check the job schedulers'),
      )
    : null;
  await keeper?.start();
  return {
    queue,
    worker,
    isRunning: () => worker.isRunning(),
    async close() {
      keeper?.stop();
      await worker.close();
      await queue.close();
    },
  };
}
