import { DataSource } from 'typeorm';
import { Clock, dataSourceOptions } from '@forebyg/core';
import { addCalendarDays, demandDeadline, lastDayBeforeDemand } from '@forebyg/domain';
import { Factory } from '../../../test/support/factories.js';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database.js';
import { CaseRefresher } from './case-refresher.js';
import { CaseRepository } from './case.repository.js';
import { ReminderScheduler } from './case-reminders.js';

/**
 * The facts and assessment kept on the case row, refreshed on the real database: the nightly run moves the
 * clock and the risk with the calendar, records a level change on the timeline once, and leaves closed cases alone.
 */
let db: TestDatabase;
let ds: DataSource;
let f: Factory;
let now = new Date('2026-03-02T10:00:00Z');

class FixedClock extends Clock {
  override now(): Date {
    return now;
  }
}

let refresher: CaseRefresher;

beforeAll(async () => {
  db = await createTestDatabase();
  ds = new DataSource(dataSourceOptions({ url: db.url, poolSize: 4, applicationName: 'forebyg-refresher-test' }));
  await ds.initialize();
  f = new Factory(ds);
  refresher = new CaseRefresher(ds, new CaseRepository(ds), new FixedClock(), new ReminderScheduler(new FixedClock()));
});
afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

async function caseRow(id: string) {
  const [row] = await ds.query(
    `SELECT stage, next_step AS "nextStep", to_char(next_step_due, 'YYYY-MM-DD') AS "due", risk_score AS "score", risk_level AS "level",
            risk_rank AS "rank", to_char(demand_deadline, 'YYYY-MM-DD') AS "deadline", open_task_count AS "openTasks",
            to_char(earliest_open_task_due, 'YYYY-MM-DD') AS "earliestTask", last_contact_at AS "lastContact", risk_reasons AS reasons
       FROM case_file WHERE id = $1`,
    [id],
  );
  return row;
}

const events = async (id: string, kind: string) =>
  (await ds.query('SELECT data FROM case_event WHERE case_id = $1 AND kind = $2 ORDER BY id', [id, kind])).map((r: { data: unknown }) => r.data);

it('derives the clock from the stage dates: a påkrav sent before Easter runs to the business day after', async () => {
  const { organisationId, deptA } = await f.world();
  const tenancy = await f.tenancy(organisationId, deptA);
  const id = await f.caseFile(organisationId, tenancy, { stage: 'demand' });
  // Sent Monday 16 March 2026; arrives the 17th; 14 days → 31 March (a Tuesday), so no move is needed.
  await ds.query(`UPDATE case_file SET demand_sent_date = '2026-03-16', opened_at = '2026-03-01T08:00:00Z' WHERE id = $1`, [id]);
  // Sent Wednesday 18 March: arrives the 19th; 14 days → 2 April, Skærtorsdag; moved past Easter to Tuesday 7 April.
  const easter = await f.caseFile(organisationId, await f.tenancy(organisationId, deptA), { stage: 'demand' });
  await ds.query(`UPDATE case_file SET demand_sent_date = '2026-03-18', opened_at = '2026-03-01T08:00:00Z' WHERE id = $1`, [easter]);
  now = new Date('2026-03-20T10:00:00Z');
  await ds.transaction(async (em) => {
    await refresher.refresh(em, id);
    await refresher.refresh(em, easter);
  });
  expect(await caseRow(id)).toMatchObject({ nextStep: 'termination', due: demandDeadline('2026-03-16'), deadline: '2026-03-31' });
  expect(await caseRow(easter)).toMatchObject({ nextStep: 'termination', due: '2026-04-07', deadline: '2026-04-07' });
});

it('the nightly run moves urgency and silence with the calendar and records a level change once', async () => {
  const { organisationId, deptA } = await f.world();
  const tenancy = await f.tenancy(organisationId, deptA); // rent 6.500 kr.
  const id = await f.caseFile(organisationId, tenancy, { stage: 'arrears' });
  await ds.query(
    `UPDATE case_file SET oldest_due_date = '2026-06-01', arrears_ore = 1950000, opened_at = '2026-06-02T08:00:00Z' WHERE id = $1`,
    [id],
  );
  now = new Date('2026-06-02T10:00:00Z');
  await refresher.refreshAllOpen();
  const first = await caseRow(id);
  expect(first.due).toBe(lastDayBeforeDemand('2026-06-01'));
  // stage 5 + ≥3 months of rent 15 + urgency (due within 3 days) 20 = 40: medium.
  expect(first).toMatchObject({ score: 40, level: 'medium', rank: 1040 });

  // Six weeks later: overdue (urgency 20) and 41 days without contact (10): 50, high.
  now = new Date(`${addCalendarDays('2026-06-02', 41)}T10:00:00Z`);
  expect(await refresher.refreshAllOpen()).toBeGreaterThanOrEqual(1);
  const later = await caseRow(id);
  expect(later).toMatchObject({ score: 50, level: 'high', rank: 2050 });
  expect(later.reasons.map((r: { factor: string }) => r.factor)).toEqual(['stage', 'urgency', 'arrears_ratio', 'no_contact']);

  await refresher.refreshAllOpen();
  expect(await events(id, 'risk_changed')).toEqual([{ fromLevel: 'low', toLevel: 'medium', fromScore: 0, toScore: 40 }, { fromLevel: 'medium', toLevel: 'high', fromScore: 40, toScore: 50 }]);
});

it('keeps the counts of the case’s parts on the row, and leaves closed cases alone', async () => {
  const { organisationId, deptA } = await f.world();
  const id = await f.caseFile(organisationId, await f.tenancy(organisationId, deptA));
  await ds.query(
    `INSERT INTO case_task (case_id, title, due_date) VALUES ($1, 'Ring', '2026-06-10'), ($1, 'Skriv', '2026-06-05');
     INSERT INTO case_task (case_id, title, due_date, done_at) VALUES ($1, 'Færdig', '2026-06-01', now());
     INSERT INTO case_contact (case_id, at, channel, reached) VALUES ($1, '2026-06-03T09:00:00Z', 'phone', false), ($1, '2026-06-02T09:00:00Z', 'meeting', true);`.replaceAll(
      '$1',
      `'${id}'`,
    ),
  );
  await ds.transaction((em) => refresher.refresh(em, id));
  const row = await caseRow(id);
  expect(row).toMatchObject({ openTasks: 2, earliestTask: '2026-06-05' });
  expect(new Date(row.lastContact).toISOString()).toBe('2026-06-02T09:00:00.000Z');

  const closed = await f.caseFile(organisationId, await f.tenancy(organisationId, deptA));
  await ds.query(`UPDATE case_file SET oldest_due_date = '2026-06-01' WHERE id = $1`, [closed]);
  await ds.transaction((em) => refresher.refresh(em, closed));
  const stamp = async () => (await ds.query('SELECT risk_computed_at AS at, next_step AS step FROM case_file WHERE id = $1', [closed]))[0];
  const before = await stamp();
  expect(before.step).toBe('demand');
  await ds.query(`UPDATE case_file SET status = 'closed', closed_at = now(), closed_stage = stage, outcome = 'paid' WHERE id = $1`, [closed]);
  now = new Date('2026-09-01T10:00:00Z');
  await refresher.refreshAllOpen();
  expect(await stamp()).toEqual(before);
});
