import type { JobsOptions } from 'bullmq';

/**
 * Every queue, its job names and their retry/backoff/retention options, declared side by side.
 * Payloads carry ids only: never names, CPR numbers or amounts.
 */
export const QUEUES = {
  maintenance: {
    name: 'maintenance',
    jobs: {
      purgeSessions: 'sessions.purge',
      purgeLoginThrottle: 'login-throttle.purge',
      refreshCases: 'cases.refresh',
    },
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 30_000 },
      removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    } satisfies JobsOptions,
  },
} as const;

export type MaintenanceJobName = (typeof QUEUES.maintenance.jobs)[keyof typeof QUEUES.maintenance.jobs];
/** Maintenance jobs are parameterless sweeps: the data is an empty object. */
export type MaintenanceJobData = Record<string, never>;
