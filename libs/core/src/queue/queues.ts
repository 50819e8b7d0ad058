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
  arrears: {
    name: 'arrears',
    jobs: {
      /** Parse, validate, stage and apply one uploaded snapshot. */
      process: 'arrears.process',
      /** Re-enqueue imports that were received but whose job was lost (the api could not reach the queue). */
      reconcile: 'arrears.reconcile',
      /** Daily: delete the stored files of imports finished more than ARREARS_UPLOAD_RETENTION_DAYS ago. */
      purgeUploads: 'arrears.purge-uploads',
    },
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 10_000 },
      removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    } satisfies JobsOptions,
  },
  reminders: {
    name: 'reminders',
    jobs: {
      /** One reminder falls due: re-check its cause, then notify (in the app, and by e-mail if wanted). */
      fire: 'reminder.fire',
      /** Re-enqueue reminders past due whose job was lost (a Redis restart, a relay that never got through). */
      reconcile: 'reminders.reconcile',
    },
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    } satisfies JobsOptions,
  },
  mail: {
    name: 'mail',
    jobs: {
      /** Send the e-mail of one notification (ids and a link only, never names, CPR or amounts). */
      notification: 'mail.notification',
    },
    defaultJobOptions: {
      attempts: 10,
      backoff: { type: 'exponential', delay: 15_000 },
      removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    } satisfies JobsOptions,
  },
  escalation: {
    name: 'escalation',
    jobs: {
      /** The weekly run (Monday 07:00 Copenhagen by default): one message per caseworker per ISO week. */
      weekly: 'escalation.weekly',
      /** Runs a week's escalation a down worker missed; never doubles one (the unique key does not allow it). */
      reconcile: 'escalation.reconcile',
    },
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 30_000 },
      removeOnComplete: { age: 30 * 24 * 3600, count: 1000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    } satisfies JobsOptions,
  },
  referrals: {
    name: 'referrals',
    jobs: {
      /** Deliver one message to a partner (e-mail or signed webhook); the message row's id is the webhook-id. */
      deliver: 'partner-message.deliver',
      /**
       * Automatic routing for cases opened or moved to another stage, the statutory municipal notices due, and the
       * withdrawal of referrals whose case closed or whose consent was withdrawn. Idempotent; also runs on a timer.
       */
      sweep: 'referrals.sweep',
    },
    // Delivery retries with exponential backoff and jitter (the worker's `partner-delivery` backoff strategy, from
    // PARTNER_DELIVERY_BACKOFF_MS); the message row counts the attempts and sends it to the dead letter after
    // PARTNER_DELIVERY_ATTEMPTS (about 24 hours by default), so the queue's own limit is only an upper bound.
    defaultJobOptions: {
      attempts: 30,
      backoff: { type: 'partner-delivery' },
      removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    } satisfies JobsOptions,
  },
} as const;

/** A reminder job names the reminder; a mail job the notification. Ids only. */
export interface ReminderJobData {
  reminderId?: string;
}
export interface MailJobData {
  notificationId: string;
}

export type ArrearsJobName = (typeof QUEUES.arrears.jobs)[keyof typeof QUEUES.arrears.jobs];
/** The import's id only; everything else is in the database. */
export interface ArrearsJobData {
  importId?: string;
}

export type MaintenanceJobName = (typeof QUEUES.maintenance.jobs)[keyof typeof QUEUES.maintenance.jobs];
/** Maintenance jobs are parameterless sweeps: the data is an empty object. */
export type MaintenanceJobData = Record<string, never>;

/** A partner message's id (the webhook-id): the body is built from the database when it is sent. */
export interface PartnerMessageJobData {
  messageId?: string;
}
