import { addCalendarDays, copenhagenInstant, demandDeadline, todayInCopenhagen } from '@forebyg/domain';
import { ReminderProcessor } from '@forebyg/notifications';
import { Factory, TestWorld } from '../support/factories.js';
import { startSmtpCatcher, SmtpCatcher } from '../support/smtp-catcher.js';
import { startTestApi, TestApi } from '../support/test-api.js';
import { startTestWorker, TestWorker } from '../support/test-worker.js';

/**
 * Reminders on real PostgreSQL, Redis and an SMTP server started here: scheduled from a case's facts at the
 * right time (08:00 Copenhagen on their day), fired once through the outbox and the queue into the bell and an
 * e-mail without personal data, and cancelled when their cause goes away.
 */
let smtp: SmtpCatcher;
let api: TestApi;
let worker: TestWorker;
let world: TestWorld;
let counsellor: string;
const today = todayInCopenhagen();
const day = (n: number) => addCalendarDays(today, n);

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  api = await startTestApi({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://forebyg.example.dk' });
  worker = await startTestWorker(api.config);
  world = await new Factory(api.ds).world();
  counsellor = await api.login(world.users.counsellor.email);
});
afterAll(async () => {
  await worker?.close();
  await api?.close();
  await smtp?.close();
});

async function intake(extra: Record<string, unknown> = {}) {
  const res = await api
    .http()
    .post('/api/v1/cases')
    .set('Cookie', counsellor)
    .send({
      tenancy: { departmentId: world.deptA, tenancyNumber: `R-${Math.random().toString(36).slice(2, 8)}`, address: 'Rosenvej 1', monthlyRentOre: 600000 },
      tenant: { name: 'Karen Blixen', cpr: '170485-2345' },
      arrearsOre: 700000,
      ...extra,
    });
  expect(res.status).toBe(201);
  return res.body;
}

const reminders = async (caseId: string) =>
  api.ds.query(
    `SELECT kind, subject_key AS "subjectKey", recipient_id AS "recipientId", due_at AS "dueAt", status FROM reminder WHERE case_id = $1 ORDER BY kind, due_at`,
    [caseId],
  );

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('schedules each reminder type at 08:00 Copenhagen on its day, to the right person', async () => {
  const c = await intake({ stage: 'demand', dates: { demandSentDate: day(-2) } });
  const rows = await reminders(c.id);
  const counsellorId = world.users.counsellor.id;
  const deadline = demandDeadline(day(-2));
  expect(rows.find((r: { kind: string }) => r.kind === 'demand_deadline')).toMatchObject({ subjectKey: deadline, recipientId: counsellorId, status: 'scheduled' });
  expect(rows.find((r: { kind: string }) => r.kind === 'no_contact')).toMatchObject({ recipientId: counsellorId, status: 'scheduled' });
  for (const r of rows) {
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit' }).format(new Date(r.dueAt));
    expect(local).toBe('08:00');
  }
  // Each scheduled reminder has its outbox row due at the same instant.
  const outbox = await api.ds.query(`SELECT payload->>'reminderId' AS id, run_at AS "runAt" FROM outbox WHERE job_name = 'reminder.fire'`);
  const ids = await api.ds.query(`SELECT id, due_at AS "dueAt" FROM reminder WHERE case_id = $1`, [c.id]);
  for (const r of ids) expect(outbox.find((o: { id: string }) => o.id === r.id)?.runAt).toEqual(r.dueAt);

  // An eviction date schedules three reminders; moving it moves them (the old ones are cancelled).
  const moved = await api.http().patch(`/api/v1/cases/${c.id}`).set('Cookie', counsellor).send({ version: c.version, dates: { evictionDate: day(60) } });
  expect(moved.status).toBe(200);
  const eviction = (await reminders(c.id)).filter((r: { kind: string }) => r.kind === 'eviction_approaching');
  expect(eviction.map((r: { dueAt: Date }) => new Date(r.dueAt).toISOString())).toEqual(
    [day(39), day(46), day(53)].map((d) => copenhagenInstant(d, 8).toISOString()),
  );
  const again = await api.http().patch(`/api/v1/cases/${c.id}`).set('Cookie', counsellor).send({ version: moved.body.version, dates: { evictionDate: day(70) } });
  expect(again.status).toBe(200);
  const after = (await reminders(c.id)).filter((r: { kind: string }) => r.kind === 'eviction_approaching');
  expect(after.filter((r: { status: string }) => r.status === 'cancelled')).toHaveLength(3);
  expect(after.filter((r: { status: string }) => r.status === 'scheduled')).toHaveLength(3);
});

it('a due task reminder fires once: a notification in the bell and one e-mail with a link and no personal data', async () => {
  const c = await intake({ firstContact: { channel: 'meeting', reached: true } });
  const withTask = await api.http().post(`/api/v1/cases/${c.id}/tasks`).set('Cookie', counsellor).send({ title: 'Ring til Karen Blixen', dueDate: day(-1) });
  expect(withTask.status).toBe(201);
  const taskId = withTask.body.tasks[0].id;
  const notification = await eventually(
    () => api.ds.query(`SELECT id, kind, email_status AS "emailStatus", data FROM notification WHERE case_id = $1`, [c.id]),
    (rows) => rows.length === 1 && rows[0].emailStatus === 'sent',
  );
  expect(notification[0]).toMatchObject({ kind: 'task_due', data: { taskId, dueDate: day(-1), caseNumber: c.caseNumber } });
  const mails = smtp.mails.filter((m) => m.raw.includes(`notification-${notification[0].id}`));
  expect(mails).toHaveLength(1);
  expect(mails[0].to).toEqual([world.users.counsellor.email]);
  expect(mails[0].decoded).toContain(`https://forebyg.example.dk/cases/${c.id}`);
  expect(mails[0].decoded).toContain(c.caseNumber);
  expect(mails[0].decoded).toContain('Opgave forfalder');
  for (const secret of ['Karen', 'Blixen', '170485', '7.000', '6.000']) expect(mails[0].decoded).not.toContain(secret);

  const bell = await api.http().get('/api/v1/notifications/unread-count').set('Cookie', counsellor);
  expect(bell.body.unread).toBeGreaterThanOrEqual(1);
  const list = await api.http().get('/api/v1/notifications?unread=true').set('Cookie', counsellor);
  const mine = list.body.items.find((n: { id: string }) => n.id === notification[0].id);
  expect(mine.title).toContain(c.caseNumber);
  expect((await api.http().post(`/api/v1/notifications/${mine.id}/read`).set('Cookie', counsellor)).status).toBe(204);

  // Firing the same reminder again (a duplicate job) does nothing.
  const [reminder] = await api.ds.query(`SELECT id FROM reminder WHERE case_id = $1 AND kind = 'task_due'`, [c.id]);
  expect(await worker.app.get(ReminderProcessor).fire(reminder.id)).toBe('done_before');
  expect(await api.ds.query(`SELECT count(*)::int AS n FROM notification WHERE case_id = $1`, [c.id])).toEqual([{ n: 1 }]);
});

it('is cancelled when its cause goes away and never fires', async () => {
  const c = await intake({ firstContact: { channel: 'phone', reached: true } });
  const withTask = await api.http().post(`/api/v1/cases/${c.id}/tasks`).set('Cookie', counsellor).send({ title: 'Send brev', dueDate: day(2) });
  const task = withTask.body.tasks[0];
  expect((await reminders(c.id)).map((r: { kind: string; status: string }) => [r.kind, r.status])).toEqual([['task_due', 'scheduled']]);
  const done = await api.http().patch(`/api/v1/cases/${c.id}/tasks/${task.id}`).set('Cookie', counsellor).send({ version: task.version, done: true });
  expect(done.status).toBe(200);
  expect((await reminders(c.id)).map((r: { status: string }) => r.status)).toEqual(['cancelled']);
  const [reminder] = await api.ds.query(`SELECT id FROM reminder WHERE case_id = $1`, [c.id]);
  expect(await worker.app.get(ReminderProcessor).fire(reminder.id)).toBe('done_before');

  // A no-contact reminder is cancelled by a reached contact; closing a case cancels the rest.
  const quiet = await intake({ stage: 'demand', dates: { demandSentDate: day(-1) } });
  expect((await reminders(quiet.id)).filter((r: { status: string }) => r.status === 'scheduled').length).toBe(2);
  const contacted = await api.http().post(`/api/v1/cases/${quiet.id}/contacts`).set('Cookie', counsellor).send({ channel: 'phone', reached: true });
  expect((await reminders(quiet.id)).find((r: { kind: string }) => r.kind === 'no_contact').status).toBe('cancelled');
  await api.http().post(`/api/v1/cases/${quiet.id}/close`).set('Cookie', counsellor).send({ version: contacted.body.version, outcome: 'paid' });
  expect((await reminders(quiet.id)).every((r: { status: string }) => r.status === 'cancelled')).toBe(true);
});

it('a user who does not want e-mail gets the bell only', async () => {
  expect((await api.http().put('/api/v1/notifications/settings').set('Cookie', counsellor).send({ notifyByEmail: false })).body).toEqual({ notifyByEmail: false });
  const c = await intake({ firstContact: { channel: 'meeting', reached: true } });
  await api.http().post(`/api/v1/cases/${c.id}/tasks`).set('Cookie', counsellor).send({ title: 'Opfølgning', dueDate: day(-1) });
  const rows = await eventually(
    () => api.ds.query(`SELECT email_status AS "emailStatus" FROM notification WHERE case_id = $1`, [c.id]),
    (r) => r.length === 1,
  );
  expect(rows[0].emailStatus).toBe('none');
  await api.http().put('/api/v1/notifications/settings').set('Cookie', counsellor).send({ notifyByEmail: true });
});
