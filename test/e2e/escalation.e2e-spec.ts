import { CronExpressionParser } from 'cron-parser';
import { addCalendarDays, isoWeekOf, mondayOfIsoWeek, previousIsoWeek, todayInCopenhagen } from '@forebyg/domain';
import { EscalationProcessor, EscalationService } from '@forebyg/escalation';
import { OutboxRelay } from '@forebyg/notifications';
import { Factory, TestWorld } from '../support/factories.js';
import { startSmtpCatcher, SmtpCatcher } from '../support/smtp-catcher.js';
import { startTestApi, TestApi } from '../support/test-api.js';
import { startTestWorker, TestWorker } from '../support/test-worker.js';

/**
 * The weekly escalation on real PostgreSQL, Redis and an SMTP server started here: exactly one message per
 * caseworker per ISO week, also when run twice, when two runs race, across ISO week 53 of 2026; the department
 * lead hears of cases flagged two weeks running; the reconciler runs a missed week once; the e-mail holds
 * counts, case numbers and a link, never names, CPR or amounts.
 */
let smtp: SmtpCatcher;
let api: TestApi;
let worker: TestWorker;
let world: TestWorld;
let f: Factory;
let service: EscalationService;
let caseworker2: { id: string; email: string };
let lead: { id: string; email: string };

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  api = await startTestApi({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://forebyg.example.dk' });
  worker = await startTestWorker(api.config);
  f = new Factory(api.ds);
  world = await f.world();
  caseworker2 = await f.user(world.organisationId, 'caseworker', [world.deptA]);
  lead = await f.user(world.organisationId, 'caseworker', [world.deptA]);
  await api.ds.query('UPDATE department SET lead_user_id = $2 WHERE id = $1', [world.deptA, lead.id]);
  service = worker.app.get(EscalationService);
});
afterAll(async () => {
  await worker?.close();
  await api?.close();
  await smtp?.close();
});

/** A case with the facts the selection reads, for `caseworker`, judged against the Monday of `week`. */
async function caseFor(caseworker: string, week: string, facts: 'eviction' | 'silent' | 'missed' | 'overdue' | 'fine', tenant = 'Hans Hansen') {
  const monday = mondayOfIsoWeek(week);
  const tenancy = await f.tenancy(world.organisationId, world.deptA);
  await f.person(world.organisationId, tenancy, { name: tenant });
  const id = await f.caseFile(world.organisationId, tenancy);
  const set: Record<string, string> = {
    eviction: `eviction_date = '${addCalendarDays(monday, 10)}', last_contact_at = '${monday}'::date - 1`,
    silent: `opened_at = '${monday}'::date - 30, last_contact_at = NULL`,
    missed: `missed_instalment_count = 1, last_contact_at = '${monday}'::date - 1`,
    overdue: `earliest_open_task_due = '${addCalendarDays(monday, -3)}', last_contact_at = '${monday}'::date - 1`,
    fine: `last_contact_at = '${monday}'::date - 1`,
  };
  await api.ds.query(`UPDATE case_file SET responsible_caseworker_id = $2, arrears_ore = 1234500, ${set[facts]} WHERE id = $1`, [id, caseworker]);
  return (await api.ds.query('SELECT id, case_number AS "caseNumber" FROM case_file WHERE id = $1', [id]))[0] as { id: string; caseNumber: string };
}

const messages = (week: string) =>
  api.ds.query(`SELECT user_id AS "userId", audience, case_count AS "caseCount", items FROM weekly_escalation WHERE iso_week = $1 ORDER BY user_id, audience`, [
    week,
  ]);

async function relayAndWaitForMails(count: number) {
  const relay = worker.app.get(OutboxRelay);
  const deadline = Date.now() + 20_000;
  for (;;) {
    await relay.relayOnce();
    const [{ n }] = await api.ds.query(`SELECT count(*)::int AS n FROM notification WHERE kind LIKE 'weekly_escalation%' AND email_status = 'pending'`);
    if (n === 0 && smtp.mails.length >= count) return;
    if (Date.now() > deadline) throw new Error(`mails: ${smtp.mails.length} of ${count}, pending ${n}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('one message per caseworker per ISO week, also when the run is triggered twice or two runs race', async () => {
  const week = '2026-W53';
  const caseworker = world.users.caseworker.id;
  const evict = await caseFor(caseworker, week, 'eviction', 'Søren Kierkegaard');
  const silent = await caseFor(caseworker, week, 'silent');
  await caseFor(caseworker, week, 'fine');
  const missed = await caseFor(caseworker2.id, week, 'missed');

  const [a, b] = await Promise.all([service.run(week), service.run(week)]);
  expect(a + b).toBe(2);
  expect(await service.run(week)).toBe(0);
  const rows = await messages(week);
  expect(rows).toHaveLength(2);
  const mine = rows.find((r: { userId: string }) => r.userId === caseworker);
  expect(mine.caseCount).toBe(2);
  expect(mine.items).toEqual(
    expect.arrayContaining([
      { caseId: evict.id, caseNumber: evict.caseNumber, reasons: ['eviction_soon'] },
      { caseId: silent.id, caseNumber: silent.caseNumber, reasons: ['no_contact'] },
    ]),
  );
  expect(rows.find((r: { userId: string }) => r.userId === caseworker2.id).items[0]).toMatchObject({ caseNumber: missed.caseNumber, reasons: ['missed_instalment'] });

  // Exactly one e-mail each, in Danish, with counts, case numbers and a link; no names, CPR or amounts.
  smtp.mails.length = 0;
  await relayAndWaitForMails(2);
  await new Promise((r) => setTimeout(r, 500));
  expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual([world.users.caseworker.email, caseworker2.email].sort());
  const mail = smtp.mails.find((m) => m.to[0] === world.users.caseworker.email)!;
  expect(mail.decoded).toContain('Ugens eskaleringer (uge 53): 2 sager');
  expect(mail.decoded).toContain(evict.caseNumber);
  expect(mail.decoded).toContain('https://forebyg.example.dk/escalations');
  for (const secret of ['Kierkegaard', 'Hansen', '010190', '12.345']) expect(mail.decoded).not.toContain(secret);
});

it('week 53 of 2026 and week 1 of 2027 are different weeks; a case flagged in both also goes to the lead', async () => {
  const caseworker = world.users.caseworker.id;
  expect(previousIsoWeek('2027-W01')).toBe('2026-W53');
  const written = await service.run('2027-W01');
  expect(written).toBeGreaterThanOrEqual(2);
  const rows = await messages('2027-W01');
  const leadMsg = rows.find((r: { userId: string; audience: string }) => r.userId === lead.id && r.audience === 'lead');
  expect(leadMsg).toBeDefined();
  // Every case in the lead's message was flagged in 2026-W53 too.
  const w53 = (await messages('2026-W53')).flatMap((r: { items: { caseId: string }[] }) => r.items.map((i) => i.caseId));
  for (const item of leadMsg.items) expect(w53).toContain(item.caseId);
  expect(rows.filter((r: { userId: string; audience: string }) => r.userId === caseworker && r.audience === 'caseworker')).toHaveLength(1);
  expect(await service.run('2027-W01')).toBe(0);
});

it('"risk raised since last week" compares with the risk at last week’s run', async () => {
  const week = '2027-W10';
  const c = await caseFor(caseworker2.id, week, 'fine');
  await service.run(previousIsoWeek(week));
  await api.ds.query('UPDATE case_file SET risk_rank = risk_rank + 1000 WHERE id = $1', [c.id]);
  await service.run(week);
  const row = (await messages(week)).find((r: { userId: string }) => r.userId === caseworker2.id);
  expect(row.items.find((i: { caseId: string }) => i.caseId === c.id)).toMatchObject({ reasons: ['risk_raised'] });
});

it('an eviction soon counts only without an accepted referral; a referral unanswered past its deadline is a reason of its own', async () => {
  const week = '2027-W12';
  const monday = mondayOfIsoWeek(week);
  const helped = await caseFor(caseworker2.id, week, 'eviction');
  await api.ds.query('UPDATE case_file SET referral_accepted = true WHERE id = $1', [helped.id]);
  const alone = await caseFor(caseworker2.id, week, 'eviction');
  const waiting = await caseFor(caseworker2.id, week, 'fine');
  await api.ds.query('UPDATE case_file SET referral_answer_due = $2 WHERE id = $1', [waiting.id, addCalendarDays(monday, -1)]);
  const notLate = await caseFor(caseworker2.id, week, 'fine');
  await api.ds.query('UPDATE case_file SET referral_answer_due = $2 WHERE id = $1', [notLate.id, monday]);
  await service.run(week);
  const items = (await messages(week)).find((r: { userId: string }) => r.userId === caseworker2.id).items as { caseId: string; reasons: string[] }[];
  expect(items.find((i) => i.caseId === helped.id)).toBeUndefined();
  expect(items.find((i) => i.caseId === alone.id)).toMatchObject({ reasons: ['eviction_soon'] });
  expect(items.find((i) => i.caseId === waiting.id)).toMatchObject({ reasons: ['referral_unanswered'] });
  expect(items.find((i) => i.caseId === notLate.id)).toBeUndefined();
});

it('runs Mondays 07:00 Copenhagen across both DST changes, and the reconciler runs a missed week once', async () => {
  const next = (from: string) =>
    CronExpressionParser.parse(api.config.ESCALATION_CRON, { currentDate: new Date(from), tz: 'Europe/Copenhagen' }).next().toISOString();
  expect(next('2026-03-28T12:00:00Z')).toBe('2026-03-30T05:00:00.000Z'); // after DST starts: 07:00 CEST
  expect(next('2026-10-24T12:00:00Z')).toBe('2026-10-26T06:00:00.000Z'); // after DST ends: 07:00 CET
  expect(next('2026-12-27T12:00:00Z')).toBe('2026-12-28T06:00:00.000Z'); // Monday of week 53

  const processor = worker.app.get(EscalationProcessor);
  const week = '2026-W40';
  await caseFor(world.users.caseworker.id, week, 'overdue');
  expect(await processor.reconcile(week)).toBeGreaterThanOrEqual(1);
  expect(await processor.reconcile(week)).toBe(0);
  expect((await messages(week)).filter((r: { userId: string }) => r.userId === world.users.caseworker.id)).toHaveLength(1);
  expect(isoWeekOf(todayInCopenhagen())).toMatch(/^\d{4}-W\d{2}$/);
});

it('the caseworker sees this week’s list, and an admin previews what the next run sends', async () => {
  const cw = await api.login(world.users.caseworker.email);
  const mine = await api.http().get('/api/v1/escalations/mine?week=2026-W53').set('Cookie', cw);
  expect(mine.status).toBe(200);
  expect(mine.body.sentAt).toEqual(expect.any(String));
  expect(mine.body.items).toHaveLength(2);
  const admin = await api.login(world.users.admin.email);
  const preview = await api.http().get('/api/v1/escalations/preview?week=2027-W20').set('Cookie', admin);
  expect(preview.status).toBe(200);
  expect(preview.body.messages.find((m: { userId: string }) => m.userId === world.users.caseworker.id).user.email).toBe(world.users.caseworker.email);
  expect((await api.http().get('/api/v1/escalations/preview').set('Cookie', cw)).status).toBe(403);
  const settings = await api
    .http()
    .put('/api/v1/escalations/settings')
    .set('Cookie', admin)
    .send({ evictionWithinDays: 14, noContactDays: 21, missedInstalment: true, overdueTasks: false, riskRaised: true });
  expect(settings.body).toMatchObject({ evictionWithinDays: 14, overdueTasks: false });
});
