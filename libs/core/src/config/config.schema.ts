import { z } from 'zod';

/**
 * Every setting Forebyg reads from the environment, validated once at boot and shared by api, worker,
 * CLI and migrations. `.env.example` documents the same variables; keep the two in step.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

export const DEV_CPR_KEYS = 'dev1:ZGV2LW9ubHktY3ByLWtleS1kby1ub3QtdXNlLWluLXByb2Q=';
export const DEV_BLIND_INDEX_KEY = 'ZGV2LW9ubHktYmxpbmQtaW5kZXgta2V5LW5vdC1zZWNyZXQ=';

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /**
   * The worker's V8 old-generation limit in MB, passed as `--max-old-space-size` by whoever starts it (`npm start`,
   * docker/compose.yml). Without a limit V8 lets the heap grow to about four times its live size between full
   * collections: a million-row import then peaks near 340 MB RSS instead of under 200 MB, at the same speed.
   */
  WORKER_HEAP_MB: z.coerce.number().int().min(96).max(16_384).default(192),
  /** Unset: http://localhost:PORT (required in production). */
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(12),
  COOKIE_SECURE: bool.optional(),
  TRUST_PROXY: bool.default(false),
  CORS_ORIGINS: csv.default([]),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Comma-separated `keyId:base64(32 bytes)`; the first is used for new encryptions, the rest still decrypt. */
  CPR_ENCRYPTION_KEYS: z.string().default(DEV_CPR_KEYS),
  /** base64 of at least 32 bytes: the HMAC key of the CPR blind index. Changing it needs a re-index. */
  BLIND_INDEX_KEY: z.string().default(DEV_BLIND_INDEX_KEY),
  LOGIN_MAX_FAILS_PER_ACCOUNT_AND_IP: z.coerce.number().int().min(1).default(10),
  LOGIN_MAX_FAILS_PER_IP_PER_DAY: z.coerce.number().int().min(1).default(100),
  LOGIN_BLOCK_MINUTES: z.coerce.number().int().min(1).default(60),
  DEMO_DATA: bool.default(true),
  /** Apply pending migrations when the api starts (under an advisory lock). */
  MIGRATIONS_RUN: bool.default(true),
  /** Redis key prefix (BullMQ); lets several installations or test runs share one Redis. */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('forebyg'),
  /**
   * How long a worker holds a job without renewing its lock. A worker that dies mid-job loses the lock after
   * this long, and the job is then retried by another (or the restarted) worker.
   */
  JOB_LOCK_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  /**
   * How often the mail and reminder reconcilers run, and how long an e-mail or a due reminder may wait before
   * they take its job as lost (a Redis restart, a relay that never got through) and enqueue it again.
   */
  RECONCILE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  /** How often the escalation reconciler looks for organisations whose weekly run is missing. */
  ESCALATION_RECONCILE_SECONDS: z.coerce.number().int().min(1).max(24 * 3600).default(600),
  /**
   * How often a worker checks that its schedules (the weekly cron, the reconcilers) still exist in Redis, and
   * puts back any that are gone (a Redis that restarted without its data loses them with every queued job).
   */
  SCHEDULER_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * Outgoing mail server: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465 (TLS).
   * Unset: no e-mail is sent (notifications stay in the app); `npm start` runs a local mail catcher instead.
   */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  /** Refuse to send over an unencrypted connection (STARTTLS required). */
  SMTP_REQUIRE_TLS: bool.default(false),
  /** Sender of the e-mails the system sends. */
  MAIL_FROM: z.string().default('Forebyg <noreply@forebyg.local>'),
  /**
   * `npm start` without SMTP_URL (and outside production) runs a local mail catcher: an SMTP server on 127.0.0.1
   * that keeps every mail (in DATA_DIR/mail) and a web inbox showing them. `false` turns it off (no e-mail at all).
   */
  MAIL_CATCHER: bool.default(true),
  /** SMTP port of the mail catcher (127.0.0.1); the next free one is taken if it is in use. */
  MAIL_CATCHER_PORT: z.coerce.number().int().min(1).max(65535).default(1025),
  /** Port of the mail catcher's web inbox (127.0.0.1); likewise. */
  MAIL_CATCHER_WEB_PORT: z.coerce.number().int().min(1).max(65535).default(1080),
  /** When the weekly escalation runs (cron, Europe/Copenhagen): Mondays at 07:00. */
  ESCALATION_CRON: z.string().regex(/^[\d*/,-]+( [\d*/,-]+){4}$/, 'must be a five-field cron expression').default('0 7 * * 1'),
  /** Largest arrears snapshot upload accepted, in MiB (a million-row CSV is about 150 MiB). */
  ARREARS_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(10240).default(1024),
  /**
   * Days an arrears snapshot's stored file is kept after its import finished (done or failed); then a daily job
   * deletes it (the import, its rejected rows and the history stay, but it can no longer be replayed).
   */
  ARREARS_UPLOAD_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /**
   * Delivery of messages to partners (webhooks and e-mails): attempts before a message goes to the dead letter, and
   * the first retry delay (doubling, with jitter). 14 attempts from 10 s span about 24 hours.
   */
  PARTNER_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(14),
  PARTNER_DELIVERY_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
  /** A partner's webhook must answer within this long, or the attempt counts as failed. */
  PARTNER_DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** How often the referral sweep (automatic routing, municipal notices, withdrawals) runs besides when triggered. */
  ROUTING_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** How long a partner's signed answer link stays valid, in days. */
  PARTNER_LINK_DAYS: z.coerce.number().int().min(1).max(365).default(30),
});

export type RawConfig = z.infer<typeof configSchema>;
