import type { Queue, Worker } from 'bullmq';
import { QUEUES, QueueFactory } from '@forebyg/core';
import { Factory, TestWorld } from '../support/factories.js';
import { auditRows, expectError } from '../support/http-expect.js';
import { startTestApi, TestApi } from '../support/test-api.js';

/**
 * Bull Board under /admin/queues: admins see every queue and its failed jobs; everyone else is refused with the
 * app's error body (and audited), on whichever queue backend the run uses (REDIS_URL set: Redis with this
 * file's QUEUE_PREFIX; unset: BullMQ's PostgreSQL backend in this file's database).
 */
let api: TestApi;
let world: TestWorld;
let admin: string;
let counsellor: string;
let queue: Queue;
let worker: Worker;
let failedJobId: string;

beforeAll(async () => {
  api = await startTestApi();
  world = await new Factory(api.ds).world();
  admin = await api.login(world.users.admin.email);
  counsellor = await api.login(world.users.counsellor.email);

  // A job that fails for good, on the app's own queue backend and prefix (the factory the api itself uses).
  const factory = api.app.get(QueueFactory);
  queue = factory.createQueue(QUEUES.mail.name);
  const failed = new Promise<string>((resolve) => {
    worker = factory.createWorker(QUEUES.mail.name, async () => {
      throw new Error('SMTP relay refused the message (test)');
    });
    worker.on('failed', (job) => job && resolve(job.id!));
  });
  const job = await queue.add(QUEUES.mail.jobs.notification, { notificationId: '00000000-0000-4000-8000-000000000001' }, { attempts: 1 });
  failedJobId = await failed;
  expect(failedJobId).toBe(job.id);
});

afterAll(async () => {
  await worker?.close();
  await queue?.close();
  await api?.close();
});

describe('as an admin', () => {
  it('serves the board page with a CSP of its own that still allows no inline script', async () => {
    const res = await api.http().get('/admin/queues').set('Cookie', admin).set('Accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<base href="/admin/queues/"');
    expect(res.text).toContain('<title>Forebyg</title>');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    const asset = /src="(static\/js\/main\.[^"]+\.js)"/.exec(res.text)![1]!;
    expect((await api.http().get(`/admin/queues/${asset}`).set('Cookie', admin)).status).toBe(200);
  });

  it('lists every queue, and the failed job with its reason', async () => {
    const res = await api
      .http()
      .get('/admin/queues/api/queues')
      .query({ activeQueue: QUEUES.mail.name, status: 'failed', page: 1 })
      .set('Cookie', admin);
    expect(res.status).toBe(200);
    const names = res.body.queues.map((q: { name: string }) => q.name);
    for (const def of Object.values(QUEUES)) expect(names).toContain(def.name);
    const mail = res.body.queues.find((q: { name: string }) => q.name === QUEUES.mail.name);
    expect(mail.counts.failed).toBe(1);
    expect(mail.jobs).toEqual([
      expect.objectContaining({
        id: failedJobId,
        name: QUEUES.mail.jobs.notification,
        failedReason: 'SMTP relay refused the message (test)',
      }),
    ]);
    const job = await api.http().get(`/admin/queues/api/queues/${QUEUES.mail.name}/${failedJobId}`).set('Cookie', admin);
    expect(job.status).toBe(200);
    expect(job.body.job).toEqual(expect.objectContaining({ id: failedJobId, failedReason: 'SMTP relay refused the message (test)' }));
  });

  it('reports the queue datastore of the backend in use', async () => {
    const res = await api.http().get('/admin/queues/api/redis/stats').set('Cookie', admin);
    expect(res.status).toBe(200);
    expect(res.body.backend).toBe(api.config.queueBackend);
  });

  it('retries a failed job, and audits the change', async () => {
    await worker.close(); // nothing picks the retried job up: it stays waiting
    const res = await api.http().put(`/admin/queues/api/queues/${QUEUES.mail.name}/${failedJobId}/retry`).set('Cookie', admin);
    expect(res.status).toBeLessThan(300);
    expect(await queue.getJobState(failedJobId)).toBe('waiting');
    const rows = await auditRows(api, 'queues.changed');
    expect(rows).toEqual([
      expect.objectContaining({
        actor_id: world.users.admin.id,
        outcome: 'success',
        details: expect.objectContaining({
          method: 'PUT',
          params: expect.objectContaining({ queueName: QUEUES.mail.name, jobId: failedJobId }),
        }),
      }),
    ]);
  });
});

describe('as anyone else', () => {
  it('refuses a counsellor with 403, and audits the denial', async () => {
    expectError(await api.http().get('/admin/queues').set('Cookie', counsellor), 403, 'forbidden');
    expectError(await api.http().get('/admin/queues/api/queues').set('Cookie', counsellor), 403, 'forbidden');
    expectError(await api.http().put('/admin/queues/api/queues/pause').set('Cookie', counsellor), 403, 'forbidden');
    const denials = (await auditRows(api, 'access.denied')).filter((r) => r.actor_id === world.users.counsellor.id);
    expect(denials.map((r) => r.details)).toEqual([
      { method: 'GET', route: '/admin/queues', permission: 'queues:admin' },
      { method: 'GET', route: '/admin/queues/api/queues', permission: 'queues:admin' },
      { method: 'PUT', route: '/admin/queues/api/queues/pause', permission: 'queues:admin' },
    ]);
    expect(await queue.isPaused()).toBe(false);
  });

  it('refuses an anonymous caller with 401, and sends a browser to the login page', async () => {
    expectError(await api.http().get('/admin/queues'), 401, 'unauthenticated');
    expectError(await api.http().get('/admin/queues/api/queues'), 401, 'unauthenticated');
    expectError(await api.http().get(`/admin/queues/api/queues/${QUEUES.mail.name}/${failedJobId}`), 401, 'unauthenticated');
    expectError(await api.http().get('/admin/queues/api/queues').set('Accept', 'text/html'), 401, 'unauthenticated');
    const page = await api.http().get('/admin/queues').set('Accept', 'text/html,application/xhtml+xml');
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('/login');
  });

  it('refuses a session that has ended', async () => {
    const cookie = await api.login(world.users.admin.email);
    expect((await api.http().post('/api/v1/auth/logout').set('Cookie', cookie)).status).toBe(204);
    expectError(await api.http().get('/admin/queues/api/queues').set('Cookie', cookie), 401, 'unauthenticated');
  });
});
