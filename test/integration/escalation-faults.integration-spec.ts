import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { Clock, QUEUES } from '@forebyg/core';
import { ReminderScheduler } from '@forebyg/cases';
import { addCalendarDays, isoWeekOf, mondayOfIsoWeek, todayInCopenhagen } from '@forebyg/domain';
import { startRedisServer, RedisServer } from '../support/redis-server.js';
import { startSmtpCatcher, SmtpCatcher, CaughtMail } from '../support/smtp-catcher.js';
import { createTestDatabase, TestDatabase } from '../support/test-database.js';
import { spawnWorker, WorkerProcess } from '../support/worker-process.js';

/**
 * Faults during the weekly escalation and reminder delivery, on real PostgreSQL, a real SMTP server and a Redis
 * server of this file's own (started here, kept off disk, so it can crash and come back empty), with the built
 * worker as a separate process:
 *   a. the worker SIGKILLed inside the weekly run's transaction, and again in the middle of the mail delivery;
 *   b. Redis crashing (and losing every queued job and schedule) while the mails go out;
 *   c. the worker SIGKILLed while many due reminders fire.
 * Each time every message arrives exactly once: counted per recipient and per Message-ID at the SMTP server.
 *
 * The mail kill is made while the SMTP server holds its answer to the messages in flight (they are not delivered:
 * RFC 5321 makes the server responsible only once it answers 250). The one moment no sender can make safe, after
 * the server's 250 and before the sender's COMMIT, is left out on purpose: a mail in that window is sent again
 * after a crash, with the same Message-ID, so the receiving side can tell.
 */
jest.setTimeout(120_000);

const CASEWORKERS = 300;
const REMINDERS = 600;
const week = isoWeekOf(todayInCopenhagen());

let redis: RedisServer;
let smtp: SmtpCatcher;
const workers: WorkerProcess[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  // A little slower than a local SMTP server answers, so a run's delivery takes a few seconds.
  smtp = await startSmtpCatcher({ ackDelayMs: 5 });
});
afterAll(async () => {
  for (const w of workers) await w.kill('SIGKILL');
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  smtp?.release();
  await redis?.stop();
  await smtp?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000, every = 20): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) {
      const out = workers.map((w) => w.output.join('').slice(-2000)).join('\n---\n');
      throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(v)}\nworker output:\n${out}`);
    }
    await sleep(every);
  }
}

interface Scenario {
  db: TestDatabase;
  pool: pg.Pool;
  prefix: string;
  /** Recipients of this scenario have e-mail addresses ending in this. */
  domain: string;
  q<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  one<T = Record<string, number>>(sql: string, params?: unknown[]): Promise<T>;
  mails(): CaughtMail[];
  startWorker(env?: Record<string, string>): Promise<WorkerProcess>;
  queue(name: string): Queue;
}

async function scenario(tag: string): Promise<Scenario> {
  const db = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  // The database is dropped WITH (FORCE) at the end: a client still closing then gets "terminating connection", which
  // the pool re-emits as its own 'error' event; without a listener that would throw into whatever test runs then.
  pool.on('error', () => undefined);
  const prefix = `tf${tag}${randomBytes(3).toString('hex')}`;
  const queues: Queue[] = [];
  cleanups.push(async () => {
    for (const queue of queues) await queue.close();
    await pool.end();
    await db.drop();
  });
  const domain = `@${tag}.faults.test`;
  const q = async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[];
  return {
    db,
    pool,
    prefix,
    domain,
    q,
    one: async <T>(sql: string, params: unknown[] = []) => (await q<T>(sql, params))[0]!,
    mails: () => smtp.mails.filter((m) => m.to.some((t) => t.endsWith(domain))),
    async startWorker(env = {}) {
      const w = await spawnWorker({
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        QUEUE_PREFIX: prefix,
        SMTP_URL: smtp.url,
        PUBLIC_URL: 'https://forebyg.example.dk',
        // A dead worker's jobs are taken up again after 3 s instead of 30.
        JOB_LOCK_SECONDS: '3',
        // Sunday 23:59: this week's run time has not passed, so the escalation reconciler leaves this week alone
        // and the run under test is the one the test starts.
        ESCALATION_CRON: '59 23 * * 0',
        ...env,
      });
      workers.push(w);
      await w.ready(60_000);
      return w;
    },
    queue(name: string) {
      const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
      connection.on('error', () => undefined);
      const queue = new Queue(name, { connection, prefix });
      queue.on('error', () => undefined);
      queues.push(queue);
      return queue;
    },
  };
}

/**
 * An organisation with `caseworkers` caseworkers, each responsible for three open cases: one with an eviction
 * within 21 days of `week`'s Monday, one with a missed instalment, one with nothing to report.
 */
async function seedEscalation(s: Scenario, caseworkers: number, label: string): Promise<{ organisationId: string; emails: string[] }> {
  const monday = mondayOfIsoWeek(week);
  const { id: organisationId } = await s.one<{ id: string }>(`INSERT INTO organisation (name) VALUES ($1) RETURNING id`, [`Fejl ${label}`]);
  const { id: departmentId } = await s.one<{ id: string }>(
    `INSERT INTO department (organisation_id, code, name, municipality_code) VALUES ($1, $2, $3, '101') RETURNING id`,
    [organisationId, label, `Afdeling ${label}`],
  );
  const users = await s.q<{ id: string; email: string }>(
    `INSERT INTO app_user (organisation_id, email, name, password_hash, role)
     SELECT $1, 'sb' || g || '-' || $2 || $3, 'Sagsbehandler ' || g, 'not-a-hash', 'caseworker' FROM generate_series(1, $4) g
     RETURNING id, email`,
    [organisationId, label.toLowerCase(), s.domain, caseworkers],
  );
  await s.q(
    `WITH u AS (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM app_user WHERE organisation_id = $1),
          t AS (INSERT INTO tenancy (organisation_id, department_id, tenancy_number, address, monthly_rent_ore)
                SELECT $1, $2, $3 || '-' || g, 'Testvej ' || g, 650000 FROM generate_series(0, $4 * 3 - 1) g
                RETURNING id, split_part(tenancy_number, '-', 2)::int AS g)
     INSERT INTO case_file (organisation_id, department_id, tenancy_id, case_number, origin, stage, opened_stage, responsible_caseworker_id,
                            last_contact_at, eviction_date, missed_instalment_count)
     SELECT $1, $2, t.id, 'F-' || nextval('case_number_seq'), 'manual', 'arrears', 'arrears', u.id,
            $5::date - 1,
            CASE WHEN t.g % 3 = 0 THEN $5::date + 10 END,
            CASE WHEN t.g % 3 = 1 THEN 1 ELSE 0 END
       FROM t JOIN u ON u.n = t.g / 3`,
    [organisationId, departmentId, label, caseworkers, monday],
  );
  return { organisationId, emails: users.map((u) => u.email) };
}

/** How many times each key occurs, for the keys that occur other than once. */
function notOnce(keys: (string | null)[], expected: string[]): Record<string, number> {
  const counts = new Map<string, number>(expected.map((k) => [k, 0]));
  for (const k of keys) counts.set(String(k), (counts.get(String(k)) ?? 0) + 1);
  return Object.fromEntries([...counts].filter(([, n]) => n !== 1));
}

/** Counts of the mail notifications of a scenario. */
const mailState = (s: Scenario) =>
  s.one<{ sent: number; pending: number; total: number }>(
    `SELECT count(*) FILTER (WHERE email_status = 'sent')::int AS sent, count(*) FILTER (WHERE email_status = 'pending')::int AS pending,
            count(*)::int AS total FROM notification`,
  );

/** No mail job waiting, running, stalled or waiting for a retry: nothing more can be sent. */
async function mailQueueIdle(queue: Queue): Promise<boolean> {
  const counts = await queue.getJobCounts('active', 'wait', 'prioritized');
  if (Object.values(counts).some((n) => n > 0)) return false;
  const delayed = await queue.getDelayed();
  return !delayed.some((j) => j.name === QUEUES.mail.jobs.notification);
}

/**
 * Waits until the SMTP server holds back its answers and every message it did answer is marked sent in the
 * database (the sender's COMMIT followed the 250), with at least one message waiting for its answer: the moment
 * to kill the sender in the middle of a delivery without landing between a 250 and its COMMIT.
 */
async function holdDeliveries(s: Scenario): Promise<number> {
  smtp.hold();
  await waitFor(
    'the answered mails to be committed and one to be in flight',
    async () => ({ accepted: s.mails().length, sent: (await mailState(s)).sent, held: smtp.heldCount }),
    (v) => v.sent === v.accepted && v.held > 0,
    10_000,
    5,
  );
  return s.mails().length;
}

async function workerBackends(s: Scenario): Promise<number> {
  const { n } = await s.one(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'forebyg-worker'`,
  );
  return n;
}

/**
 * SIGKILL, then wait until PostgreSQL has noticed and rolled back the dead worker's transactions, and the SMTP
 * server has seen its connections close (so the messages it held are discarded, not answered, on release()).
 */
async function crash(s: Scenario, worker: WorkerProcess): Promise<void> {
  await worker.kill('SIGKILL');
  await waitFor(
    'the dead worker’s database connections to close',
    () => workerBackends(s),
    (n) => n === 0,
    10_000,
  );
  await waitFor(
    'the dead worker’s SMTP connections to close',
    async () => smtp.heldConnected,
    (n) => n === 0,
    10_000,
  );
}

it('a worker killed inside the weekly run and again mid-delivery: one message per caseworker, each e-mail once', async () => {
  const s = await scenario('a');
  const { emails } = await seedEscalation(s, CASEWORKERS, 'A');
  let worker = await s.startWorker();
  const escalation = s.queue(QUEUES.escalation.name);
  await escalation.add(QUEUES.escalation.jobs.weekly, { week });

  // 1. Killed while the run's transaction writes the messages (it holds the week's advisory lock).
  await waitFor(
    'the weekly run to be writing its messages',
    () =>
      s.one(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database() AND a.application_name = 'forebyg-worker'
            AND (a.query ILIKE '%weekly_escalation%' OR a.query ILIKE '%INTO notification%' OR a.query ILIKE '%INTO outbox%')`,
      ),
    (v) => v.n > 0,
    30_000,
    5,
  );
  await crash(s, worker);
  // Rolled back as a whole: no message, no notification, no outbox row, no run.
  expect(
    await s.one(
      `SELECT (SELECT count(*) FROM weekly_escalation)::int AS messages, (SELECT count(*) FROM notification)::int AS notifications,
              (SELECT count(*) FROM outbox)::int AS outbox, (SELECT count(*) FROM escalation_run)::int AS runs`,
    ),
  ).toEqual({ messages: 0, notifications: 0, outbox: 0, runs: 0 });

  // 2. Restarted: the stalled job runs again, and the mails go out. Killed again in the middle of the delivery.
  worker = await s.startWorker();
  await waitFor(
    'some of the mails to be delivered',
    async () => s.mails().length,
    (n) => n >= CASEWORKERS * 0.2,
    60_000,
    5,
  );
  const deliveredBeforeKill = await holdDeliveries(s);
  await crash(s, worker);
  smtp.release();
  expect(deliveredBeforeKill).toBeLessThan(CASEWORKERS);
  const discardedAtKill = smtp.discarded;
  expect(discardedAtKill).toBeGreaterThan(0);

  // 3. Restarted again: the rest is delivered, nothing twice.
  await s.startWorker();
  const mailQueue = s.queue(QUEUES.mail.name);
  await waitFor(
    'every mail to be delivered and the mail queue to be idle',
    async () => ({ ...(await mailState(s)), accepted: s.mails().length, idle: await mailQueueIdle(mailQueue) }),
    (v) => v.total === CASEWORKERS && v.sent === CASEWORKERS && v.idle,
    90_000,
    100,
  );
  await sleep(1000);

  const mails = s.mails();
  expect(
    notOnce(
      mails.map((m) => m.to[0]!),
      emails,
    ),
  ).toEqual({});
  const notifications = await s.q<{ id: string }>(`SELECT id FROM notification`);
  expect(
    notOnce(
      mails.map((m) => m.messageId),
      notifications.map((n) => `notification-${n.id}@forebyg`),
    ),
  ).toEqual({});
  expect(
    await s.one(
      `SELECT count(*)::int AS messages, count(DISTINCT user_id)::int AS users, count(*) FILTER (WHERE iso_week = $1 AND audience = 'caseworker')::int AS caseworker_messages,
              sum(case_count)::int AS cases FROM weekly_escalation`,
      [week],
    ),
  ).toEqual({ messages: CASEWORKERS, users: CASEWORKERS, caseworker_messages: CASEWORKERS, cases: CASEWORKERS * 2 });
  expect(await s.one(`SELECT count(*)::int AS runs, sum(messages)::int AS messages FROM escalation_run`)).toEqual({
    runs: 1,
    messages: CASEWORKERS,
  });
  expect(await s.one(`SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL`)).toEqual({ n: 0 });
});

it('Redis crashing mid-delivery and coming back empty: the worker carries on by itself, and every mail arrives once', async () => {
  const s = await scenario('b');
  const first = await seedEscalation(s, CASEWORKERS, 'B1');
  // This week's run time has passed (Monday 00:00): the escalation reconciler runs the week for any organisation
  // without a run. Reconcilers every 2-3 s, schedules checked every second.
  const worker = await s.startWorker({
    ESCALATION_CRON: '0 0 * * 1',
    ESCALATION_RECONCILE_SECONDS: '2',
    RECONCILE_SECONDS: '3',
    SCHEDULER_CHECK_SECONDS: '1',
  });

  await waitFor(
    'some of the mails to be delivered',
    async () => s.mails().length,
    (n) => n >= CASEWORKERS * 0.15,
    60_000,
    5,
  );
  await redis.stop('SIGKILL');
  const deliveredAtCrash = s.mails().length;
  expect(deliveredAtCrash).toBeLessThan(CASEWORKERS);
  // While Redis is down, a second organisation turns up whose weekly run has not happened (its Monday job was in
  // the Redis that was lost).
  const second = await seedEscalation(s, 50, 'B2');
  await sleep(3000);
  await redis.start();

  const mailQueue = s.queue(QUEUES.mail.name);
  const expected = CASEWORKERS + 50;
  await waitFor(
    'every mail to be delivered after Redis came back',
    async () => ({ ...(await mailState(s)), accepted: s.mails().length, idle: await mailQueueIdle(mailQueue) }),
    (v) => v.total === expected && v.sent === expected && v.idle,
    90_000,
    100,
  );
  await sleep(1000);

  // The same worker process throughout: it reconnected and put back its schedules by itself.
  expect(worker.child.exitCode).toBeNull();
  expect(worker.output.join('')).toContain('job schedulers were missing from the queue');
  const mails = s.mails();
  expect(
    notOnce(
      mails.map((m) => m.to[0]!),
      [...first.emails, ...second.emails],
    ),
  ).toEqual({});
  const notifications = await s.q<{ id: string }>(`SELECT id FROM notification`);
  expect(
    notOnce(
      mails.map((m) => m.messageId),
      notifications.map((n) => `notification-${n.id}@forebyg`),
    ),
  ).toEqual({});
  expect(
    await s.one(`SELECT count(*)::int AS messages, count(DISTINCT user_id)::int AS users FROM weekly_escalation WHERE iso_week = $1`, [
      week,
    ]),
  ).toEqual({
    messages: expected,
    users: expected,
  });
  expect(await s.one(`SELECT count(*)::int AS runs FROM escalation_run WHERE iso_week = $1`, [week])).toEqual({ runs: 2 });
});

/** An EntityManager for ReminderScheduler.sync, which only needs query(). */
const managerOf = (client: pg.PoolClient) =>
  ({ query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows }) as unknown as EntityManager;

it('many reminders due and the worker killed mid-way: each reminder fires once, each notification is mailed once', async () => {
  const s = await scenario('c');
  const { id: organisationId } = await s.one<{ id: string }>(`INSERT INTO organisation (name) VALUES ('Fejl C') RETURNING id`);
  const { id: departmentId } = await s.one<{ id: string }>(
    `INSERT INTO department (organisation_id, code, name, municipality_code) VALUES ($1, 'C1', 'Afdeling C1', '101') RETURNING id`,
    [organisationId],
  );
  await s.q(
    `INSERT INTO app_user (organisation_id, email, name, password_hash, role)
     SELECT $1, 'r' || g || $2, 'Rådgiver ' || g, 'not-a-hash', 'counsellor' FROM generate_series(1, 40) g`,
    [organisationId, s.domain],
  );
  // Open cases with a contact made and one open task that fell due yesterday: one task reminder each, due now.
  const cases = await s.q<{ id: string }>(
    `WITH u AS (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM app_user WHERE organisation_id = $1),
          t AS (INSERT INTO tenancy (organisation_id, department_id, tenancy_number, address, monthly_rent_ore)
                SELECT $1, $2, 'C-' || g, 'Testvej ' || g, 650000 FROM generate_series(0, $3 - 1) g
                RETURNING id, split_part(tenancy_number, '-', 2)::int AS g)
     INSERT INTO case_file (organisation_id, department_id, tenancy_id, case_number, origin, stage, opened_stage, assigned_counsellor_id, last_contact_at)
     SELECT $1, $2, t.id, 'F-' || nextval('case_number_seq'), 'manual', 'arrears', 'arrears', u.id, now()
       FROM t JOIN u ON u.n = t.g % 40
     RETURNING id`,
    [organisationId, departmentId, REMINDERS],
  );
  await s.q(`INSERT INTO case_task (case_id, title, due_date) SELECT id, 'Ring til lejer', $1::date FROM case_file`, [
    addCalendarDays(todayInCopenhagen(), -1),
  ]);
  // The real scheduler plans them and writes their outbox rows, as a case change would.
  const client = await s.pool.connect();
  try {
    await client.query('BEGIN');
    await new ReminderScheduler(new Clock()).sync(
      managerOf(client),
      cases.map((c) => c.id),
    );
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  expect(await s.one(`SELECT count(*)::int AS n FROM reminder WHERE status = 'scheduled' AND due_at <= now()`)).toEqual({ n: REMINDERS });

  const reminderState = () =>
    s.one<{ sent: number; scheduled: number }>(
      `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status = 'scheduled')::int AS scheduled FROM reminder`,
    );
  let worker = await s.startWorker();
  await waitFor(
    'some reminders to have fired and mails to be arriving',
    async () => ({ ...(await reminderState()), mails: s.mails().length }),
    (v) => v.sent >= REMINDERS * 0.15 && v.mails > 0,
    60_000,
    5,
  );
  await holdDeliveries(s);
  await crash(s, worker);
  smtp.release();
  const atKill = await reminderState();
  expect(atKill.sent).toBeLessThan(REMINDERS);
  expect(atKill.scheduled).toBeGreaterThan(0);

  worker = await s.startWorker();
  const mailQueue = s.queue(QUEUES.mail.name);
  await waitFor(
    'every reminder to have fired and been mailed',
    async () => ({ reminders: await reminderState(), mails: await mailState(s), idle: await mailQueueIdle(mailQueue) }),
    (v) => v.reminders.sent === REMINDERS && v.mails.total === REMINDERS && v.mails.sent === REMINDERS && v.idle,
    90_000,
    100,
  );
  await sleep(1000);

  const notifications = await s.q<{ id: string; reminderId: string }>(`SELECT id, reminder_id AS "reminderId" FROM notification`);
  const reminders = await s.q<{ id: string }>(`SELECT id FROM reminder`);
  expect(
    notOnce(
      notifications.map((n) => n.reminderId),
      reminders.map((r) => r.id),
    ),
  ).toEqual({});
  expect(
    notOnce(
      s.mails().map((m) => m.messageId),
      notifications.map((n) => `notification-${n.id}@forebyg`),
    ),
  ).toEqual({});
  expect(await s.one(`SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL AND run_at <= now()`)).toEqual({ n: 0 });
});
