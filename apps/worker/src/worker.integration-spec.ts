import { randomBytes } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { loadConfig, QUEUES } from '@forebyg/core';
import { Factory } from '../../../test/support/factories.js';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database.js';
import { WorkerModule } from './worker.module.js';

/**
 * The worker process's module on real PostgreSQL and Redis: it schedules the nightly sweeps in
 * Europe/Copenhagen time and runs them, including the nightly re-assessment of open cases, and puts every
 * schedule back when Redis loses them.
 */
let db: TestDatabase;
let app: INestApplicationContext;
let ds: DataSource;
let queue: Queue;
let events: QueueEvents;
const prefix = `tw${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: process.env.REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    // Schedules checked every second (the default is a minute), for the test that takes them away.
    SCHEDULER_CHECK_SECONDS: '1',
  });
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, { logStream: sink as never }), { logger: false });
  await app.init();
  ds = app.get<DataSource>(getDataSourceToken());
  const connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  queue = new Queue(QUEUES.maintenance.name, { connection, prefix });
  events = new QueueEvents(QUEUES.maintenance.name, {
    connection: new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null }),
    prefix,
  });
  await events.waitUntilReady();
});
afterAll(async () => {
  await events?.close();
  await queue?.close();
  await app?.close();
  await db?.drop();
});

it('schedules the nightly sweeps in Copenhagen time, the case refresh just after midnight', async () => {
  const schedulers = await queue.getJobSchedulers();
  const byId = Object.fromEntries(schedulers.map((s) => [s.key, s]));
  expect(byId['nightly-cases-refresh']).toMatchObject({ pattern: '5 0 * * *', tz: 'Europe/Copenhagen', name: 'cases.refresh' });
  expect(byId['nightly-sessions-purge']).toMatchObject({ tz: 'Europe/Copenhagen', name: 'sessions.purge' });
});

it('a cases.refresh job re-assesses every open case', async () => {
  const f = new Factory(ds);
  const { organisationId, deptA } = await f.world();
  const id = await f.caseFile(organisationId, await f.tenancy(organisationId, deptA), { stage: 'arrears' });
  await ds.query(`UPDATE case_file SET oldest_due_date = current_date - 40, arrears_ore = 1300000 WHERE id = $1`, [id]);
  const job = await queue.add(QUEUES.maintenance.jobs.refreshCases, {});
  const result = await job.waitUntilFinished(events, 30_000);
  expect(result.refreshed).toBeGreaterThanOrEqual(1);
  const [row] = await ds.query('SELECT next_step, risk_score, risk_level, risk_computed_at FROM case_file WHERE id = $1', [id]);
  // arrears 5 + two months of rent 10 + overdue påkrav date 20 (opened today, so no silence yet)
  expect(row).toMatchObject({ next_step: 'demand', risk_score: 35, risk_level: 'medium' });
  expect(row.risk_computed_at).not.toBeNull();
});

/** Every schedule the worker keeps, by queue. */
const SCHEDULES: Record<string, string[]> = {
  [QUEUES.maintenance.name]: ['nightly-cases-refresh', 'nightly-sessions-purge', 'nightly-throttle-purge'],
  [QUEUES.arrears.name]: ['arrears-purge-uploads', 'arrears-reconcile'],
  [QUEUES.reminders.name]: ['reminders-reconcile'],
  [QUEUES.mail.name]: ['mail-reconcile'],
  [QUEUES.escalation.name]: ['escalation-reconcile', 'weekly-escalation'],
  [QUEUES.referrals.name]: ['referrals-sweep'],
};

it('puts every schedule back, the nightly sweeps and the arrears reconciler too, when Redis loses its data', async () => {
  const connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const queues = Object.keys(SCHEDULES).map((name) => new Queue(name, { connection, prefix }));
  const schedules = async () =>
    Object.fromEntries(await Promise.all(queues.map(async (q) => [q.name, (await q.getJobSchedulers()).map((s) => s.key).sort()])));
  try {
    expect(await schedules()).toEqual(SCHEDULES);
    const nightly = await queue.getJobScheduler('nightly-throttle-purge');
    expect(nightly).toMatchObject({ pattern: '20 3 * * *', tz: 'Europe/Copenhagen', name: 'login-throttle.purge' });

    // As a Redis that restarted without its data: every key of this installation gone, schedules and jobs alike.
    const keys = await connection.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(await connection.del(...keys)).toBeGreaterThan(0);

    const deadline = Date.now() + 20_000;
    let now = await schedules();
    while (JSON.stringify(now) !== JSON.stringify(SCHEDULES) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      now = await schedules();
    }
    expect(now).toEqual(SCHEDULES);
    // Put back as they were (a cron stays a cron in Copenhagen time).
    expect(await queue.getJobScheduler('nightly-throttle-purge')).toMatchObject({
      pattern: '20 3 * * *',
      tz: 'Europe/Copenhagen',
      name: 'login-throttle.purge',
    });
    expect(await queues[1]!.getJobScheduler('arrears-reconcile')).toMatchObject({ every: 60_000, name: 'arrears.reconcile' });
    expect(await queues[1]!.getJobScheduler('arrears-purge-uploads')).toMatchObject({ pattern: '40 3 * * *', tz: 'Europe/Copenhagen', name: 'arrears.purge-uploads' });
  } finally {
    for (const q of queues) await q.close();
    await connection.quit();
  }
});
